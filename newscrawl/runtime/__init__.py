"""Page analysis at run time: one parse of a page (`analysis`), in worker processes (`pool`)."""
