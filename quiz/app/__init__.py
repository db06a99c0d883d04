"""The Textual study app: an adapter over the pure quiz core and the progress store."""
