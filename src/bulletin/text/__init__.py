"""Vietnamese text: NFC, folding, slugs and name order; dates and the date line; document codes."""
