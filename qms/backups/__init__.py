"""Backups of the database and the file store in one archive, restore with verification."""
