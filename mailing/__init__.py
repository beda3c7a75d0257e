"""Email: readers subscribe to the statements of an edition (all, or chosen
sections), confirm by a signed link, and get each statement by mail; every
mail can be left with one click."""
