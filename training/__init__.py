"""Training and evaluation of the bundled German NER pipeline (core/models/crisis-de-ner).

The annotated data lives outside the repository in ../shared/data/ner-de and is
never committed; see training/README.md.
"""
