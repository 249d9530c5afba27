"""Fast, cacheable public reads: a data version, ETags, a shared response cache, compression."""
