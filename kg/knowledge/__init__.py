"""Knowledge the stages share, loaded once: gazetteers (``gazetteer``) and the entity
lexicons (``lexicon``); names, demonyms, roles and verbs are to move here (see the
project's design notes)."""
