"""Knowledge the stages share, loaded once: gazetteers today (``gazetteer``); names,
demonyms, roles, verbs and lexicons are to move here (see the project's design notes)."""
