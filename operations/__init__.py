"""What the people who run the site get: backup and restore. No models."""
