"""The app's screens, one module (and stylesheet) each."""
