"""E-mail notifications: what a person is told when the services change something they
take part in, sent by a background task after the change commits, as they choose."""
