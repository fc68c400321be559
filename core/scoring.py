"""What an article is about: its section, its crisis relevance and its crisis topics.

One place that runs the three in the order they depend on each other (topics are weighted by
section; crisis relevance counts actor mentions), used by ingest for new articles and by
``python -m core rescore`` for stored ones after a taxonomy, cue-word or crisis file changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from core import crisis as crisis_mod
from core import sections, topics


@dataclass
class Scorer:
    """Loads the taxonomy, section cues and model, and crisis definition once."""

    topics_path: str | Path | None = None
    sections_path: str | Path | None = None
    crisis_path: str | Path | None = None
    use_model: bool = True
    taxonomy: dict = field(init=False)
    weights: dict = field(init=False)
    cues: dict = field(init=False)
    crisis: crisis_mod.Crisis = field(init=False)
    model: object = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.taxonomy = topics.load_taxonomy(self.topics_path)
        self.weights = topics.section_weights(self.topics_path)
        self.cues = sections.load_cues(self.sections_path)
        self.crisis = crisis_mod.load_crisis(self.crisis_path)
        self.model = sections.load_model() if self.use_model else None

    def score(
        self, arts: pd.DataFrame, mentions: pd.DataFrame
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(`arts` with section and crisis columns, topic rows).  Needs article_id, title,
        text, language, n_words; mentions need article_id and actor."""
        arts = arts.assign(
            section=sections.classify(arts, self.cues, self.model, use_model=self.use_model)
        )
        arts = arts.assign(crisis=crisis_mod.relevance(arts, mentions, self.crisis))
        return arts, topics.score_topics(arts, self.taxonomy, self.weights)
