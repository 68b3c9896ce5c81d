"""Developer tools (rule lint)."""
