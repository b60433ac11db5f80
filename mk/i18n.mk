.PHONY: i18n
i18n: $(STAMP) ## compile the add-ons' French translations (.po -> .mo)
	$(BIN)/python -m ville_site.i18n
