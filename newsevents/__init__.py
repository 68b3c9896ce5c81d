"""newsevents: code news text into who-did-what-to-whom political events."""

__version__ = "0.1.0"
