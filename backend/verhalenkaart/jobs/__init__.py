"""Background jobs: mails and other work that must not hold a request, on RQ over Redis with
`verhalenkaart worker` processes, or in a thread of the process in the embedded default."""
