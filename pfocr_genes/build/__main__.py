"""``python -m pfocr_genes.build SOURCES_DIR --out data``: build every snapshot file."""

from pfocr_genes.build.data import main

raise SystemExit(main())
