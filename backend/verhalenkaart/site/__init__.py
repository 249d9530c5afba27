"""The web app's side of the server: public client settings and serving the built PWA."""
