// Placeholder translation unit; the component's implementation replaces it.
