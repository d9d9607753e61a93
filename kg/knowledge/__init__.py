"""Knowledge the stages share, loaded once, below extraction and resolution (both import
it; it imports neither): gazetteers (``gazetteer``), places, countries and demonyms
(``places``), the words of names (``names``) and the entity lexicons (``lexicon``).  Roles
and verbs are still read by the patterns that use them."""
