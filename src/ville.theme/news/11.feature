Staff see a "Publication programmée" marker on scheduled news of the home page.
