"""Ions, amino acids and common chemical or lab abbreviations: words of pathway figures
that the gene lexicons read as genes (``Ca2+`` -> CA2, ``Pi`` -> SERPINA1, ``Me`` -> MMP12,
``Fig`` -> GOPC) but that are never genes.

Why a curated table in code: the vocabularies do not reach these words. MeSH has no ion
written with its charge, files amino acids under "Amino Acids, Peptides, and Proteins" (the
heading the term rules leave to the gene lexicon), and knows neither lab shorthand (PBS,
Fig) nor many chemists' abbreviations (NADH, H2O2, Pi). Each entry names the MeSH
descriptor it means, so a keyword read here still carries a MeSH id.

Where the tables come from:

- amino acids: the IUPAC-IUBMB three-letter codes and names of the 20 standard amino
  acids plus selenocysteine (Sec) and pyrrolysine (Pyl) (IUPAC-IUB Joint Commission on
  Biochemical Nomenclature, "Nomenclature and symbolism for amino acids and peptides",
  1983), with the anion names figures use (aspartate, glutamate). A code counts only written
  with a capital and lower-case letters (``Gly``, ``Ser``): upper case (``SER``, ``MET``)
  is how gene symbols are written.
- ions: the charge states of the elements and polyatomic ions of physiology (alkali and
  alkaline-earth metals, the transition metals of metalloproteins and toxicology, halides,
  and the oxyanions of buffers and metabolism). Only these: an element and charge from a
  wider table would read cell markers as ions (``Cd4+`` is no cadmium).
- abbreviations: chemists' and lab shorthand common in figure text (methyl, acetyl,
  inorganic phosphate, buffers and sera, figure labels, controls), chosen among the words
  the gene lexicons reach through an alias or synonym, or that no vocabulary reaches.
"""

from __future__ import annotations

import re

import attrs

#: IUPAC three-letter code -> (name, MeSH descriptor label).
AMINO_ACIDS: dict[str, tuple[str, str]] = {
    "Ala": ("alanine", "Alanine"), "Arg": ("arginine", "Arginine"), "Asn": ("asparagine", "Asparagine"),
    "Asp": ("aspartic acid", "Aspartic Acid"), "Cys": ("cysteine", "Cysteine"),
    "Gln": ("glutamine", "Glutamine"), "Glu": ("glutamic acid", "Glutamic Acid"), "Gly": ("glycine", "Glycine"),
    "His": ("histidine", "Histidine"), "Ile": ("isoleucine", "Isoleucine"), "Leu": ("leucine", "Leucine"),
    "Lys": ("lysine", "Lysine"), "Met": ("methionine", "Methionine"), "Phe": ("phenylalanine", "Phenylalanine"),
    "Pro": ("proline", "Proline"), "Ser": ("serine", "Serine"), "Thr": ("threonine", "Threonine"),
    "Trp": ("tryptophan", "Tryptophan"), "Tyr": ("tyrosine", "Tyrosine"), "Val": ("valine", "Valine"),
    "Sec": ("selenocysteine", "Selenocysteine"), "Pyl": ("pyrrolysine", ""),
}
#: Names figures write besides the IUPAC name (the anion), lower case -> code.
_AMINO_ACID_ALIASES = {"aspartate": "Asp", "glutamate": "Glu"}
_AMINO_ACID_NAMES = {name: code for code, (name, _) in AMINO_ACIDS.items()} | _AMINO_ACID_ALIASES
#: A stereo prefix: L-serine, D-Ala, DL-methionine.
_STEREO = re.compile(r"^(?:L|D|DL)[-\s]")

#: Cation -> (name, MeSH descriptor label, charges it takes).
CATIONS: dict[str, tuple[str, str, frozenset[int]]] = {
    "H": ("hydrogen", "Protons", frozenset({1})), "Li": ("lithium", "Lithium", frozenset({1})),
    "Na": ("sodium", "Sodium", frozenset({1})), "K": ("potassium", "Potassium", frozenset({1})),
    "Rb": ("rubidium", "Rubidium", frozenset({1})), "Cs": ("cesium", "Cesium", frozenset({1})),
    "Mg": ("magnesium", "Magnesium", frozenset({2})), "Ca": ("calcium", "Calcium", frozenset({2})),
    "Sr": ("strontium", "Strontium", frozenset({2})), "Ba": ("barium", "Barium", frozenset({2})),
    "Al": ("aluminum", "Aluminum", frozenset({3})), "Cr": ("chromium", "Chromium", frozenset({3, 6})),
    "Mn": ("manganese", "Manganese", frozenset({2, 3})), "Fe": ("iron", "Iron", frozenset({2, 3})),
    "Co": ("cobalt", "Cobalt", frozenset({2, 3})), "Ni": ("nickel", "Nickel", frozenset({2})),
    "Cu": ("copper", "Copper", frozenset({1, 2})), "Zn": ("zinc", "Zinc", frozenset({2})),
    "Ag": ("silver", "Silver", frozenset({1})), "Cd": ("cadmium", "Cadmium", frozenset({2})),
    "Hg": ("mercury", "Mercury", frozenset({1, 2})), "Pb": ("lead", "Lead", frozenset({2})),
    "NH4": ("ammonium", "Ammonium Compounds", frozenset({1})),
}
#: Anion -> (name, MeSH descriptor label, charges it takes). No single-letter anions: ``F-``
#: and ``I-`` are more often a word broken at a hyphen (F-actin, complex I-) than fluoride.
ANIONS: dict[str, tuple[str, str, frozenset[int]]] = {
    "Cl": ("chloride", "Chlorides", frozenset({1})), "Br": ("bromide", "Bromides", frozenset({1})),
    "OH": ("hydroxide", "Hydroxides", frozenset({1})), "HCO3": ("bicarbonate", "Bicarbonates", frozenset({1})),
    "CO3": ("carbonate", "Carbonates", frozenset({2})), "SO4": ("sulfate", "Sulfates", frozenset({2})),
    "SO3": ("sulfite", "Sulfites", frozenset({2})), "NO3": ("nitrate", "Nitrates", frozenset({1})),
    "NO2": ("nitrite", "Nitrites", frozenset({1})), "PO4": ("phosphate", "Phosphates", frozenset({3})),
    "HPO4": ("hydrogen phosphate", "Phosphates", frozenset({2})),
    "H2PO4": ("dihydrogen phosphate", "Phosphates", frozenset({1})),
    "O2": ("superoxide", "Superoxides", frozenset({1})), "CN": ("cyanide", "Cyanides", frozenset({1})),
    "SCN": ("thiocyanate", "Thiocyanates", frozenset({1})),
    "ONOO": ("peroxynitrite", "Peroxynitrous Acid", frozenset({1})),
    "OCl": ("hypochlorite", "Hypochlorous Acid", frozenset({1})),
    "ClO": ("hypochlorite", "Hypochlorous Acid", frozenset({1})),
    "ClO4": ("perchlorate", "Perchlorates", frozenset({1})),
}

#: Abbreviation, case as written -> (kind, meaning, MeSH descriptor label or "").
ABBREVIATIONS: dict[str, tuple[str, str, str]] = {
    "Pi": ("chemical", "inorganic phosphate", "Phosphates"),
    "PPi": ("chemical", "pyrophosphate", "Diphosphates"),
    "Me": ("chemical", "a methyl group", ""),
    "Ac": ("chemical", "an acetyl group", ""),
    "ROS": ("chemical", "reactive oxygen species", "Reactive Oxygen Species"),
    "RNS": ("chemical", "reactive nitrogen species", "Reactive Nitrogen Species"),
    "NADH": ("chemical", "reduced NAD", "NAD"),
    "NADPH": ("chemical", "reduced NADP", "NADP"),
    "FADH2": ("chemical", "reduced FAD", "Flavin-Adenine Dinucleotide"),
    "H2O2": ("chemical", "hydrogen peroxide", "Hydrogen Peroxide"),
    "H2O": ("chemical", "water", "Water"),
    "CO2": ("chemical", "carbon dioxide", "Carbon Dioxide"),
    "O2": ("chemical", "oxygen", "Oxygen"),
    "H2S": ("chemical", "hydrogen sulfide", "Hydrogen Sulfide"),
    "NH3": ("chemical", "ammonia", "Ammonia"),
    "PBS": ("chemical", "phosphate-buffered saline", ""),
    "BSA": ("chemical", "bovine serum albumin, a lab reagent", "Serum Albumin, Bovine"),
    "FBS": ("other", "fetal bovine serum, a cell-culture reagent", ""),
    "ATP": ("chemical", "adenosine triphosphate", "Adenosine Triphosphate"),
    "ADP": ("chemical", "adenosine diphosphate", "Adenosine Diphosphate"),
    "GTP": ("chemical", "guanosine triphosphate", "Guanosine Triphosphate"),
    "GDP": ("chemical", "guanosine diphosphate", "Guanosine Diphosphate"),
    "cAMP": ("chemical", "cyclic AMP", "Cyclic AMP"),
    "cGMP": ("chemical", "cyclic GMP", "Cyclic GMP"),
    "NAD+": ("chemical", "oxidized NAD", "NAD"),
    "DNA": ("other", "DNA, a molecule class", ""),
    "RNA": ("other", "RNA, a molecule class", ""),
    "mRNA": ("other", "messenger RNA, a molecule class", ""),
    "LPS": ("chemical", "lipopolysaccharide", "Lipopolysaccharides"),
    "PEP": ("chemical", "phosphoenolpyruvate", "Phosphoenolpyruvate"),
    "DMAPP": ("chemical", "dimethylallyl diphosphate", ""),
    "AcO": ("chemical", "an acetoxy group", ""),
    "H3C": ("chemical", "a methyl group", ""),
    "MeO": ("chemical", "a methoxy group", ""),
    "GFP": ("other", "green fluorescent protein, a reporter", "Green Fluorescent Proteins"),
    "RFP": ("other", "red fluorescent protein, a reporter", ""),
    "YFP": ("other", "yellow fluorescent protein, a reporter", ""),
    "Fig": ("other", "a figure label", ""),
    "Fig.": ("other", "a figure label", ""),
    "Ctrl": ("other", "the control of an experiment", ""),
    "KO": ("other", "a knockout (an experimental condition)", ""),
}
#: Chemical names, compared in lower case -> (meaning, MeSH descriptor label).
NAMES: dict[str, tuple[str, str]] = {
    "taxol": ("paclitaxel (trade name Taxol)", "Paclitaxel"),
    "bile acid": ("bile acids", "Bile Acids and Salts"),
    "bile acids": ("bile acids", "Bile Acids and Salts"),
}


@attrs.frozen(slots=True)
class LabWord:
    """What a non-gene word is: ``kind`` (chemical or other), ``rule`` (``ion``, ``amino
    acid``, ``abbreviation``), ``what`` in words, and the MeSH descriptor label it means."""

    kind: str
    rule: str
    what: str
    mesh_label: str = ""


#: Unicode superscripts, minus signs and dashes -> ASCII (Ca²⁺, Cl−).
_TO_ASCII = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻−–", "0123456789+---")
_CHARGE_ENDS = frozenset("+-)⁺⁻−–")
#: A charge: ``+``, ``2+``, ``++``, ``+2``, ``(2+)``, after an optional radical dot.
_CHARGE = re.compile(r"[•·]?\(?(?:(?P<n>[1-7]?)(?P<signs>\+{1,3}|-{1,3})|(?P<sign>[+-])(?P<m>[1-7]))\)?")
#: Longest ion formula in the tables, and longest charge written after it.
_MAX_FORMULA = max(map(len, (*CATIONS, *ANIONS)))
_MAX_CHARGE = 5


def _charge(text: str) -> int | None:
    """The signed charge ``text`` writes (``2+`` -> 2, ``--`` -> -2), or None."""
    m = _CHARGE.fullmatch(text)
    if m is None:
        return None
    if m["sign"]:
        return int(m["m"]) * (1 if m["sign"] == "+" else -1)
    signs = m["signs"]
    if m["n"] and len(signs) > 1:
        return None  # "2++" is no charge
    size = int(m["n"]) if m["n"] else len(signs)
    return size if signs[0] == "+" else -size


def ion(text: str) -> LabWord | None:
    """An ion written with its charge (``Ca2+``, ``Na+``, ``H+``, ``Cl-``, ``HCO3-``,
    ``SO4 2-``, ``Fe³⁺``), or None. The formula and the charge must be one the tables list:
    ``Cd4+`` (a mouse T-cell marker) is not cadmium, whose ion is 2+."""
    end = text.rstrip(" ^\t\n")[-1:]
    if not end or end not in _CHARGE_ENDS:
        return None  # every charge ends in a sign or a bracket: most words need no more
    s = re.sub(r"[\s^]", "", text.translate(_TO_ASCII))
    if not s or s[-1] not in "+-)" or len(s) > _MAX_FORMULA + _MAX_CHARGE:
        return None
    for cut in range(min(len(s) - 1, _MAX_FORMULA), 0, -1):
        formula, charge = s[:cut], _charge(s[cut:])
        if charge is None:
            continue
        table = CATIONS if charge > 0 else ANIONS
        if formula in table and abs(charge) in table[formula][2]:
            name, label, _ = table[formula]
            return LabWord("chemical", "ion", f"the {name} ion {formula}{s[cut:].lstrip('•·')}", label)
    return None


def amino_acid(text: str) -> LabWord | None:
    """An amino acid by IUPAC name in any case (``Phenylalanine``, ``L-serine``,
    ``glutamate``) or by three-letter code with a capital (``Gly``, ``L-Ser``), or None."""
    s = _STEREO.sub("", text.strip())
    code = s if s in AMINO_ACIDS else _AMINO_ACID_NAMES.get(s.lower())
    if code is None:
        return None
    name, label = AMINO_ACIDS[code]
    return LabWord("chemical", "amino acid", f"the amino acid {name}, IUPAC code {code}", label)


def abbreviation(text: str) -> LabWord | None:
    """A chemical or lab abbreviation of the curated table (case as written: ``Pi`` is
    phosphate, ``PI`` is not read), or a chemical name of it in any case, or None."""
    s = text.strip()
    if s in ABBREVIATIONS:
        kind, what, label = ABBREVIATIONS[s]
        return LabWord(kind, "abbreviation", what, label)
    named = NAMES.get(" ".join(s.lower().split()))
    return LabWord("chemical", "abbreviation", named[0], named[1]) if named else None


def lab_word(text: str) -> LabWord | None:
    """What ``text`` is when it is an ion, an amino acid or a curated chemical or lab
    abbreviation; None for every other word. Never raises for a ``str``."""
    if not text or len(text) > 40:
        return None
    return ion(text) or amino_acid(text) or abbreviation(text)
