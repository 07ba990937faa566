"""People's accounts: signing in and out, two-factor authentication, sessions."""
