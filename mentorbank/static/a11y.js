// Placeholder: replaced by the version for the visually impaired (branch a11y).
