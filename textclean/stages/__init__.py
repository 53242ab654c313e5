"""Small general-purpose stages: invisible junk, markup residue, whitespace."""
