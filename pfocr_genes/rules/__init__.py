"""The suspect rules: each reads one gene keyword with the figure's evidence
(:class:`pfocr_genes.evidence.FigureEvidence`, the figure's text read and cleaned once) and
returns :class:`pfocr_genes.flags.Flag` objects, each with its reason and source. They produce
evidence only; :mod:`pfocr_genes.suspects` runs them and :mod:`pfocr_genes.scoring` turns the
flags into the fitted score.

- :mod:`.word`: the written word (common words, ions, lab abbreviations, OCR forms, locus type,
  alias collisions);
- :mod:`.keyword_list`: keywords only (the gene's aliases against the keyword list and caption);
- :mod:`.context`: the caption and the organism (definitions, foreign proteins, look-alikes,
  plant and microbe figures);
- :mod:`.species`: genes of other species.
"""
