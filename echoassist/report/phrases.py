"""The report vocabulary: every phrase the analyser reads, and what it means, in one place.

This module is the one registry of report knowledge held as words: structure and
measurement names grouped by the part of the heart they describe, then the attribute,
grade and context words every category shares, then the word lists other modules use
(section headings, IVC wording, sex, the summary checker's words). Guideline thresholds
live beside it in guidelines.py, one named table per guideline.

Every phrase goes through `Registry.add`, which refuses a phrase already registered with
another meaning (PhraseConflict, naming both sections) and accepts the same meaning twice.
So no later list can silently overwrite an earlier one, and the order of sections does
not matter. Each conflict the registry found when it replaced the old `|=` merges was
decided by hand, and the decision is written where the phrase now lives.

Phrases are matched on word tokens (tokens.py: hyphens count as spaces, so "non-dilated"
and "non dilated" are one entry). Phrases added with `capitals=True` match only as
written, which keeps abbreviations such as AS, LA or MR from matching ordinary words
("as", "la", "Mr").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from echoassist.report import categories as c
from echoassist.report.model import ABNORMAL, MILD, MODERATE, NORMAL, SEVERE
from echoassist.report.tokens import phrase_key

# Token kinds.
STRUCT = "struct"  # a structure: "left atrium", "LV", "mitral"
ATTR = "attr"  # an attribute of a structure: "size", "stenosis", "systolic function"
GRADE = "grade"  # a severity word: "mildly", "normal", "dilated" (ungraded abnormal)
MEAS = "meas"  # a measurement name: "LVEF", "TR velocity", "mean gradient"
NEG = "neg"  # negation before its target: "no", "without", "not"
NEG_POST = "neg_post"  # negation after its target: "is absent", "not seen"
UNC = "unc"  # uncertainty before: "possible", "probable"
UNC_POST = "unc_post"  # uncertainty after: "cannot be excluded"
HIST = "hist"  # past findings: "previously", "on the prior study"
INDET = "indet"  # not assessable: "not well seen", "indeterminate"
PSEUDO = "pseudo"  # looks like a trigger but is not: "no more than", "no change"
ABSORB = "absorb"  # look-alikes that take a grade away from categories: "calcification"
BARRIER = "barrier"  # ends a clause: "but", "with", ";"
WEAK = "weak"  # may end a clause when two findings share a sentence: "and", ","
KINDS = frozenset(
    {STRUCT, ATTR, GRADE, MEAS, NEG, NEG_POST, UNC, UNC_POST, HIST, INDET, PSEUDO}
    | {ABSORB, BARRIER, WEAK}
)


@dataclass(frozen=True)
class Term:
    """Meaning of one phrase. `grade` on an ATTR/STRUCT/MEAS term is what the phrase implies
    on its own ("LVH" implies abnormal wall thickness); on a GRADE term it is the grade."""

    kind: str
    structure: str | None = None
    attribute: str | None = None
    grade: str | None = None
    measure: str | None = None
    # Degree words ("mildly") combine with an adjacent ungraded word ("reduced").
    degree: bool = False
    # Also ends the clause before it ("without" both negates and starts a new clause).
    splits: bool = False
    # "significant": after a negation and "or" it is the degree being denied ("no AS, AR
    # or significant MR"), so the negation reaches it and it states no finding.
    significance: bool = False
    # A prosthesis, repair or device: its kind ("bioprosthetic", "mechanical", ...).
    device: str | None = None
    # A device still to come ("TAVI work-up", "referred for AVR"): none is in place.
    planned: bool = False
    # A pseudo-trigger that turns a following history word into a comparison ("compared
    # with the prior study, ..."): the sentence then describes this study.
    comparison: bool = False
    # "now", "today", "has resolved": a sentence that says so describes this study.
    now: bool = False


class PhraseConflict(ValueError):
    """One phrase registered with two different meanings."""


@dataclass
class Registry:
    """Phrase tables that refuse a phrase with two meanings.

    `words` match in any case, `capitals` only as written. Keys are a phrase's tokens,
    space-joined, so "echo-free space" and "echo free space" are one phrase here too.
    """

    words: dict[str, Term] = field(default_factory=dict)
    capitals: dict[str, Term] = field(default_factory=dict)
    # Where each phrase was first registered, for the conflict message and the tests.
    where: dict[tuple[bool, str], str] = field(default_factory=dict)
    section: str = ""

    def begin(self, section: str) -> None:
        """Name the section the following phrases belong to."""
        self.section = section

    def add(self, phrases: str, term: Term, *, capitals: bool = False) -> None:
        """Register each "|"-separated phrase with `term`."""
        table = self.capitals if capitals else self.words
        for phrase in phrases.split("|"):
            key = phrase_key(phrase, case_sensitive=capitals)
            if not key:
                continue
            old = table.get(key)
            if old is None:
                table[key] = term
                self.where[(capitals, key)] = self.section
            elif old != term:
                first = self.where[(capitals, key)]
                raise PhraseConflict(
                    f"{phrase.strip()!r} in section {self.section!r} would mean {term}, "
                    f"but section {first!r} already gives it {old}"
                )

    def add_each(self, entries: dict[str, Term], *, capitals: bool = False) -> None:
        for phrase, term in entries.items():
            self.add(phrase, term, capitals=capitals)


def _s(structure: str, grade: str | None = None) -> Term:
    return Term(STRUCT, structure=structure, grade=grade)


def _a(attribute: str, grade: str | None = None, structure: str | None = None) -> Term:
    return Term(ATTR, attribute=attribute, grade=grade, structure=structure)


def _g(grade: str, attribute: str | None = None, degree: bool = False) -> Term:
    return Term(GRADE, grade=grade, attribute=attribute, degree=degree)


def _m(measure: str, structure: str | None = None, attribute: str | None = None) -> Term:
    return Term(MEAS, measure=measure, structure=structure, attribute=attribute)


REGISTRY = Registry()
_r = REGISTRY

# ======================================================================================
# Structures and their measurements, by category. Measurement names carry the measure
# they name (its unit and plausible range: measurements.SPECS; its grade: the table in
# guidelines.py named in the comment).
# ======================================================================================

_r.begin("left ventricle")
_r.add("left ventricle|left ventricular|left ventricles|lv|lt ventricle", _s(c.LV))
_r.add("LV", _s(c.LV), capitals=True)
_r.add_each(
    {
        "LVH": _a(c.WALL, ABNORMAL, c.LV),
        "DD": _a(c.DIASTOLIC, ABNORMAL, c.LV),
        # UK shorthand: LV systolic function and dysfunction.
        "LVSF": _a(c.SYSTOLIC, None, c.LV),
        "LVSD": _a(c.SYSTOLIC, ABNORMAL, c.LV),
        "LVDD": _a(c.DIASTOLIC, ABNORMAL, c.LV),
    },
    capitals=True,
)
# LVEF: ASE/EACVI 2015 chamber quantification, by sex.
_r.add(
    "lvef|ef|ejection fraction|lv ejection fraction|left ventricular ejection fraction|"
    "lv ef|biplane ef|biplane lvef|simpson's ef|simpsons ef|ef biplane|lvef biplane|"
    "3d ef|3d lvef|ejection fraction by simpson's|ejection fraction by simpsons|"
    "calculated ef|estimated ef|visual ef|eyeball ef",
    _m("ef", c.LV, c.SYSTOLIC),
)
# LV end-diastolic diameter: ASE/EACVI 2015, by sex.
_r.add(
    "lvidd|lvid d|lvedd|lv edd|lvid diastole|lvidd diastole|lv end diastolic diameter|"
    "left ventricular end diastolic diameter|left ventricular internal diameter in diastole|"
    "lv internal diameter in diastole|lv end diastolic dimension|"
    "left ventricular end diastolic dimension|lv diastolic diameter|lvid",
    _m("lvidd", c.LV, c.SIZE),
)
_r.add(
    "lvids|lvid s|lvesd|lv esd|lv end systolic diameter|lv end systolic dimension|"
    "left ventricular end systolic diameter|left ventricular end systolic dimension",
    _m("lvids", c.LV),
)
# Wall thickness (the thicker of septum and posterior wall): ASE/EACVI 2015, by sex.
_r.add(
    "ivsd|ivs d|ivsd diastole|septal thickness|interventricular septal thickness|"
    "interventricular septum thickness|septal wall thickness|septum thickness|ivs thickness|"
    "septal wall",
    _m("ivs", c.LV, c.WALL),
)
# Without "thickness" these name a wall segment too ("septal hypokinesis"): no attribute.
_r.add("ivs|septal|septum", _m("ivs", c.LV))
_r.add(
    "lvpwd|lvpw d|lvpwd diastole|posterior wall thickness|"
    "lv posterior wall thickness|posterior wall thicknesses|"
    "left ventricular posterior wall thickness|inferolateral wall thickness",
    _m("lvpw", c.LV, c.WALL),
)
_r.add("lvpw|pwd|posterior wall|lv posterior wall|pw", _m("lvpw", c.LV))
_r.add("rwt|relative wall thickness", _m("rwt", c.LV))
# LV mass index: ASE/EACVI 2015 (linear method), by sex; a mass in grams is indexed by BSA.
_r.add(
    "lv mass index|lvmi|left ventricular mass index|lv mass indexed|lv mass/bsa|lv mass bsa|"
    "indexed lv mass|lv mass i|lvm index|lvm/bsa",
    _m("lv_mass_index", c.LV, c.WALL),
)
_r.add("lv mass|left ventricular mass|lvm", _m("lv_mass", c.LV, c.WALL))

_r.begin("left ventricle: diastolic function (ASE/EACVI 2016)")
_r.add(
    "e/e'|e/e|average e/e'|average e/e|e/e' average|e/e' ratio|e/e ratio|mean e/e'|"
    "avg e/e'|e/e' avg|e to e' ratio|e e' ratio|e e'|e/e prime|average e e'|e/em|e/e' mean",
    _m("e_over_e_prime", c.LV, c.DIASTOLIC),
)
_r.add(
    "septal e'|septal e|e' septal|e septal|septal e prime|medial e'|e' medial|"
    "septal tdi e'|septal em|septal e' velocity",
    _m("septal_e_prime", c.LV, c.DIASTOLIC),
)
_r.add(
    "lateral e'|lateral e|e' lateral|e lateral|lateral e prime|lateral tdi e'|lateral em|"
    "lateral e' velocity",
    _m("lateral_e_prime", c.LV, c.DIASTOLIC),
)
_r.add(
    "e/a|e/a ratio|e a ratio|mitral e/a|mv e/a|e:a|e:a ratio|e to a ratio",
    _m("e_over_a", c.LV, c.DIASTOLIC),
)
_r.add(
    "mitral e|e wave|mv e|e velocity|mitral e velocity|peak e|e wave velocity|mv e velocity|e vel",
    _m("e_wave", c.LV, c.DIASTOLIC),
)
# The inflow pattern is a diastolic sign, not the mitral valve.
_r.add("mitral inflow|mitral inflow pattern", Term(ABSORB))

_r.begin("right ventricle")
_r.add("right ventricle|right ventricular|rt ventricle|rv", _s(c.RV))
_r.add_each(
    {
        "RV": _s(c.RV),
        "RVH": _a(c.WALL, ABNORMAL, c.RV),
        "RVSF": _a(c.SYSTOLIC, None, c.RV),
        "RVSD": _a(c.SYSTOLIC, ABNORMAL, c.RV),
        # A tricuspid annular S' written alone.
        "S'": _m("rv_s_prime", c.RV, c.SYSTOLIC),
    },
    capitals=True,
)
# RV basal diameter: ASE/EACVI 2015 (dilated above 4.1 cm; no grades).
_r.add(
    "rv basal diameter|rv basal dimension|rvd1|basal rv diameter|rv base|rvidd|"
    "right ventricular basal diameter|rv diameter|rv dimension|basal rv dimension",
    _m("rv_basal", c.RV, c.SIZE),
)
# RV systolic function: ASE/EACVI 2015 (reduced below each limit; no grades).
_r.add(
    "tapse|tricuspid annular plane systolic excursion|tricuspid annular systolic excursion",
    _m("tapse", c.RV, c.SYSTOLIC),
)
_r.add(
    "fac|rv fac|fractional area change|rv fractional area change", _m("rv_fac", c.RV, c.SYSTOLIC)
)
_r.add(
    "rv s|rv s'|tricuspid s|tricuspid annular s|s' tricuspid|rv s prime|tricuspid s'|"
    "rv tdi s|tdi s'|rv sm|s wave",
    _m("rv_s_prime", c.RV, c.SYSTOLIC),
)

_r.begin("atria")
_r.add("left atrium|left atrial|lt atrium", _s(c.LA))
_r.add("right atrium|right atrial|rt atrium", _s(c.RA))
_r.add_each(
    {
        "LA": _s(c.LA),
        "RA": _s(c.RA),
        "LAE": _a(c.SIZE, ABNORMAL, c.LA),
        "RAE": _a(c.SIZE, ABNORMAL, c.RA),
    },
    capitals=True,
)
# LA volume index: ASE/EACVI 2015.
_r.add(
    "lavi|la volume index|la vol index|lavi biplane|left atrial volume index|"
    "indexed la volume|indexed left atrial volume|la volume indexed|la volume i|lavol index|"
    "la volume bsa|la vol bsa|left atrial volume indexed|la volume indexed to bsa|"
    "left atrial volume indexed to bsa|la volume indexed to body surface area|"
    "left atrial volume indexed to body surface area|la volume/bsa|la vol/bsa",
    _m("lavi", c.LA, c.SIZE),
)
_r.add(
    "la volume|left atrial volume|la vol|la biplane volume|la volume biplane",
    _m("la_volume", c.LA, c.SIZE),
)
_r.add(
    "la diameter|la dimension|left atrial diameter|left atrial dimension|la ap diameter|la size",
    _m("la_diameter", c.LA, c.SIZE),
)
_r.add(
    "ra volume index|ravi|right atrial volume index|ra area|right atrial area",
    _m("ra_size", c.RA, c.SIZE),
)
# "LA volume indexed to BSA is 46 mL/m2": not a BSA value.
_r.add("indexed to bsa|indexed to body surface area|indexed for bsa", Term(ABSORB))

_r.begin("more than one chamber")
# A finding written once for two or more chambers is given to each (categories.EXPANDS).
_r.add(
    "biventricular|bi ventricular|both ventricles|left and right ventricles|"
    "left and right ventricular|right and left ventricles|right and left ventricular",
    _s(c.BIV),
)
_r.add(
    "biatrial|bi atrial|both atria|left and right atria|left and right atrial|"
    "right and left atria|right and left atrial|atria|atrial",
    _s(c.BIATRIAL),
)
_r.add(
    "right heart|right sided chambers|right heart chambers|right sided cardiac chambers",
    _s(c.RIGHT_HEART),
)
_r.add(
    "left heart|left sided chambers|left heart chambers|left sided cardiac chambers",
    _s(c.LEFT_HEART),
)
_r.add(
    "cardiac chamber|cardiac chambers|all chambers|all four chambers|four chambers|"
    "all cardiac chambers|chamber|chambers|heart chambers|all four cardiac chambers",
    _s(c.ALL_CHAMBERS),
)

_r.begin("aortic valve and LVOT (ASE/EACVI 2017 aortic stenosis; ASE 2017 regurgitation)")
_r.add("aortic valve|aortic|aortic valvular|aortic valve leaflets", _s(c.AV))
# A measurement's own words name its valve ("transaortic", "transmitral", ...), so a
# gradient across one valve is never graded for another.
_r.add("transaortic", _s(c.AV))
_r.add(
    "lvot|left ventricular outflow tract|lv outflow tract|outflow tract|sam|"
    "systolic anterior motion|subaortic|lvoto|lvot obstruction",
    _s(c.LVOT),
)
_r.add_each(
    {
        "AV": _s(c.AV),
        "AR": _a(c.REGURGITATION, ABNORMAL, c.AV),
        "AI": _a(c.REGURGITATION, ABNORMAL, c.AV),
        "AS": _a(c.STENOSIS, ABNORMAL, c.AV),
    },
    capitals=True,
)
_r.add(
    "aortic regurgitant jet|aortic regurgitation jet|aortic insufficiency jet",
    _a(c.REGURGITATION, None, c.AV),
)
_r.add(
    "peak aortic velocity|aortic peak velocity|av vmax|av peak velocity|av peak vel|"
    "aortic vmax|aortic jet velocity|peak transaortic velocity|transaortic velocity|av vel|"
    "peak av velocity|peak aortic valve velocity|aortic valve peak velocity|"
    "peak aortic jet velocity|aortic valve vmax|av max velocity",
    _m("vmax", c.AV),
)
_r.add(
    "mean transaortic gradient|av mean gradient|mean av gradient|mean aortic gradient|"
    "aortic mean gradient|av mean pg|transaortic mean gradient",
    _m("mean_gradient", c.AV),
)
_r.add("av peak gradient|peak transaortic gradient", _m("peak_gradient", c.AV))
_r.add(
    "ava|aortic valve area|av area|ava vti|ava continuity|ava by continuity|"
    "valve area by continuity|aortic valve area by continuity",
    _m("ava", c.AV, c.STENOSIS),
)
# Indexed AVA: ASE/EACVI 2017 (severe < 0.6 cm2/m2); worked out from AVA and BSA too.
_r.add(
    "indexed ava|ava index|avai|ava indexed|ava i|indexed aortic valve area|"
    "aortic valve area index|aortic valve area indexed|ava/bsa|ava indexed to bsa",
    _m("ava_index", c.AV, c.STENOSIS),
)

_r.begin("mitral valve (EAE/ASE 2009 stenosis; ASE 2017 regurgitation)")
_r.add("mitral valve|mitral|mitral valvular", _s(c.MV))
_r.add("transmitral", _s(c.MV))
_r.add_each(
    {
        "MV": _s(c.MV),
        "MR": _a(c.REGURGITATION, ABNORMAL, c.MV),
        "MS": _a(c.STENOSIS, ABNORMAL, c.MV),
    },
    capitals=True,
)
_r.add(
    "mitral regurgitant jet|mitral regurgitation jet|mitral jet", _a(c.REGURGITATION, None, c.MV)
)
_r.add(
    "mean transmitral gradient|mv mean gradient|mean mitral gradient|mitral mean gradient|"
    "mean mv gradient|mv mean pg|transmitral mean gradient",
    _m("mean_gradient", c.MV),
)
_r.add(
    "mva|mitral valve area|mv area|mva by pht|mva planimetry|mitral valve orifice area",
    _m("mva", c.MV, c.STENOSIS),
)

_r.begin("tricuspid valve (ASE 2017 regurgitation)")
_r.add("tricuspid valve|tricuspid|tricuspid valvular", _s(c.TV))
_r.add("transtricuspid", _s(c.TV))
_r.add_each(
    {
        "TV": _s(c.TV),
        "TR": _a(c.REGURGITATION, ABNORMAL, c.TV),
        "TI": _a(c.REGURGITATION, ABNORMAL, c.TV),
        "TS": _a(c.STENOSIS, ABNORMAL, c.TV),
    },
    capitals=True,
)
# The TR signal is used for the pressure estimate, not for grading the regurgitation.
_r.add(
    "tricuspid regurgitant signal|tricuspid regurgitation signal|tricuspid regurgitant envelope|"
    "tricuspid regurgitation envelope|tricuspid signal|tr signal",
    _s(c.TV),
)
_r.add(
    "tricuspid regurgitant jet|tricuspid regurgitation jet|tricuspid jet",
    _a(c.REGURGITATION, None, c.TV),
)
# TR velocity: PASP = 4 x TRV^2 + RAP (ASE 2010 right heart); a diastolic criterion too.
_r.add(
    "tr velocity|tr vmax|tr peak velocity|peak tr velocity|trv|tr max velocity|trvmax|"
    "tricuspid regurgitant velocity|tricuspid regurgitation velocity|peak tricuspid velocity|"
    "tr jet velocity|tricuspid regurgitant jet velocity|tr v max|peak tr vel|tr vel|tr max|"
    "tricuspid regurgitant peak velocity|maximal tr velocity|maximum tr velocity|"
    "tricuspid jet velocity|tr peak vel|velocity of the tr jet|tr jet vmax",
    _m("trv", c.TV),
)
_r.add(
    "rv ra gradient|rv ra pressure gradient|rv to ra gradient|tr gradient|tr peak gradient|"
    "peak tr gradient|tricuspid regurgitant gradient|tricuspid gradient|tr pg|"
    "tr maxpg|rv ra pg|transtricuspid gradient|tr max pg|right ventricle to right atrium gradient",
    _m("rv_ra_gradient", c.TV),
)

_r.begin("pulmonic valve")
_r.add("pulmonic valve|pulmonary valve|pulmonic|pulmonary valvular", _s(c.PV))
_r.add("transpulmonic", _s(c.PV))
_r.add_each(
    {
        "PV": _s(c.PV),
        "PR": _a(c.REGURGITATION, ABNORMAL, c.PV),
        "PI": _a(c.REGURGITATION, ABNORMAL, c.PV),
    },
    capitals=True,
)

_r.begin("prosthetic valves, repairs and devices (ASE 2009 prosthetic valves)")
# A replaced or repaired valve is graded as a prosthesis (categories.*_PROSTHESIS): its
# stenosis, regurgitation and paravalvular leak, by the prosthesis tables in
# guidelines.py. The operation itself ("s/p AVR") is history; the device is current.
BIO, MECH, TRANSCATHETER, VIV = "bioprosthetic", "mechanical", "transcatheter", "valve-in-valve"
REPAIR, CLIP, UNSPECIFIED = "repair", "clip", "prosthesis"


def _p(structure: str, device: str) -> Term:
    return Term(STRUCT, structure=structure, device=device)


_r.add(
    "aortic valve replacement|aortic valve prosthesis|aortic prosthesis|prosthetic aortic valve|"
    "prosthetic aortic|surgical aortic valve replacement|aortic valve prosthetic",
    _p(c.AV_PROSTHESIS, UNSPECIFIED),
)
_r.add(
    "aortic bioprosthesis|bioprosthetic aortic valve|bioprosthetic aortic|tissue aortic valve|"
    "aortic tissue valve|bioprosthetic avr|aortic valve bioprosthesis",
    _p(c.AV_PROSTHESIS, BIO),
)
_r.add(
    "mechanical aortic valve|mechanical aortic prosthesis|mechanical aortic|mechanical avr|"
    "aortic mechanical valve|aortic mechanical prosthesis",
    _p(c.AV_PROSTHESIS, MECH),
)
_r.add(
    "tavi|tavr|transcatheter aortic valve|transcatheter aortic valve replacement|"
    "transcatheter aortic valve implantation|transcatheter aortic prosthesis|sapien|"
    "corevalve|evolut|tavi valve|tavr valve|transcatheter heart valve",
    _p(c.AV_PROSTHESIS, TRANSCATHETER),
)
_r.add_each(
    {"AVR": _p(c.AV_PROSTHESIS, UNSPECIFIED), "SAVR": _p(c.AV_PROSTHESIS, UNSPECIFIED)},
    capitals=True,
)
_r.add(
    "mitral valve replacement|mitral valve prosthesis|mitral prosthesis|prosthetic mitral valve|"
    "prosthetic mitral",
    _p(c.MV_PROSTHESIS, UNSPECIFIED),
)
_r.add(
    "mitral bioprosthesis|bioprosthetic mitral valve|bioprosthetic mitral|bioprosthetic mvr|"
    "mitral tissue valve|tissue mitral valve|mitral valve bioprosthesis",
    _p(c.MV_PROSTHESIS, BIO),
)
_r.add(
    "mechanical mitral valve|mechanical mitral prosthesis|mechanical mitral|mechanical mvr|"
    "mitral mechanical valve|mitral mechanical prosthesis",
    _p(c.MV_PROSTHESIS, MECH),
)
_r.add(
    "mitral valve repair|mitral repair|mv repair|mitral annuloplasty|mitral annuloplasty ring|"
    "mitral ring|annuloplasty ring|annuloplasty band|mitral valve annuloplasty",
    _p(c.MV_PROSTHESIS, REPAIR),
)
_r.add(
    "mitraclip|mitra clip|mitral clip|mitral valve clip|edge to edge repair|"
    "transcatheter edge to edge repair|transcatheter mitral valve repair|pascal device",
    _p(c.MV_PROSTHESIS, CLIP),
)
_r.add_each(
    {"MVR": _p(c.MV_PROSTHESIS, UNSPECIFIED), "TEER": _p(c.MV_PROSTHESIS, CLIP)},
    capitals=True,
)
_r.add(
    "tricuspid valve replacement|tricuspid prosthesis|tricuspid valve prosthesis|"
    "prosthetic tricuspid valve|tricuspid bioprosthesis|bioprosthetic tricuspid valve",
    _p(c.TV_PROSTHESIS, UNSPECIFIED),
)
_r.add(
    "tricuspid valve repair|tricuspid repair|tricuspid annuloplasty|tricuspid ring|"
    "tricuspid annuloplasty ring|triclip|tricuspid clip",
    _p(c.TV_PROSTHESIS, REPAIR),
)
_r.add("TVR", _p(c.TV_PROSTHESIS, UNSPECIFIED), capitals=True)
# The valve is named elsewhere in the sentence, by the line's heading, or by the report.
_r.add(
    "prosthesis|prosthetic valve|prosthetic|valve prosthesis|valve replacement|"
    "prosthetic heart valve",
    _p(c.PROSTHESIS, UNSPECIFIED),
)
_r.add(
    "bioprosthesis|bioprosthetic|bioprosthetic valve|tissue valve|bioprosthetic heart valve|"
    "stented bioprosthesis|stentless bioprosthesis",
    _p(c.PROSTHESIS, BIO),
)
_r.add(
    "mechanical valve|mechanical prosthesis|mechanical heart valve|bileaflet mechanical valve|"
    "tilting disc valve",
    _p(c.PROSTHESIS, MECH),
)
_r.add("valve in valve|viv", _p(c.PROSTHESIS, VIV))
_r.add("valve in valve tavi|valve in valve tavr|viv tavi|viv tavr", _p(c.AV_PROSTHESIS, VIV))
_r.add(
    "work up|workup|planning|planned|candidate for|consideration for|considered for|"
    "suitability for|assessment for|evaluation for|referred for|referral for|awaiting|"
    "listed for|scheduled for|pre|pre procedural|pre procedure|prior to consideration of",
    Term(PSEUDO, planned=True),
)
_r.add("annuloplasty|repair|ring|clip", _p(c.PROSTHESIS, REPAIR))
_r.add(
    "paravalvular|paravalvular leak|paravalvular leakage|paravalvular regurgitation|"
    "perivalvular|perivalvular leak|perivalvular regurgitation|paravalvular jet|"
    "paraprosthetic leak|paraprosthetic regurgitation|paravalvar leak|paravalvar regurgitation",
    _a(c.PARAVALVULAR, ABNORMAL),
)
_r.add("PVL", _a(c.PARAVALVULAR, ABNORMAL), capitals=True)
for _valve, _names in (
    (c.AV, ("aortic regurgitation", "aortic insufficiency", "aortic leak", "AR", "AI")),
    (c.MV, ("mitral regurgitation", "mitral leak", "MR")),
    (c.TV, ("tricuspid regurgitation", "TR")),
):
    for _name in _names:
        for _side in ("paravalvular", "perivalvular", "paraprosthetic"):
            # An abbreviation matches as written, so both ways a sentence may start.
            _sides = f"{_side}|{_side.capitalize()}" if _name.isupper() else _side
            _r.add(
                "|".join(f"{side} {_name}" for side in _sides.split("|")),
                _a(c.PARAVALVULAR, ABNORMAL, _valve),
                capitals=_name.isupper(),
            )
# Prosthesis measurements (ASE 2009 prosthetic valves); the valve comes from the words
# around them, as for the gradients below.
_r.add(
    "eoa|effective orifice area|prosthetic eoa|indexed eoa|eoa continuity|"
    "effective orifice area by continuity",
    _m("eoa"),
)
_r.add(
    "dvi|doppler velocity index|dimensionless index|dimensionless velocity index|"
    "velocity ratio|lvot av velocity ratio|lvot/av velocity ratio|lvot av vti ratio|"
    "lvot/av vti ratio",
    _m("dvi"),
)
# How a prosthesis is said to work: "well seated", "functions normally".
_r.add("functioning|functions", _a(c.SYSTOLIC))
_r.add(
    "well functioning|normally functioning|functioning normally|functions normally|"
    "functioning well|functions well|good function",
    _g(NORMAL, c.SYSTOLIC),
)
_r.add("well seated|well positioned|well expanded|stable position", _g(NORMAL))

_r.begin("all valves at once")
# Read as normal for each valve lesion the report does not grade elsewhere
# (categories.ALL_VALVE_FINDINGS): "Mild MR, otherwise no significant valvular disease."
_r.add(
    "valves|valvular|heart valves|cardiac valves|all valves|other valves|remaining valves|"
    "the valves|all four valves",
    _s(c.ALL_VALVES),
)
_r.add(
    "valvular disease|valve disease|valvular heart disease|valvulopathy|valvular abnormality|"
    "valvular abnormalities|valve abnormality|valve abnormalities|valvular pathology|"
    "valve pathology|valvular lesion|valvular lesions|valve lesion|valve lesions|"
    "valvular dysfunction|valve dysfunction",
    _a(c.LESION, ABNORMAL, c.ALL_VALVES),
)

_r.begin("regurgitant jets and signals")
# A jet's size grades the regurgitation ("the AR jet is moderate"); a jet alone ("the MR
# jet is central") implies no grade. A signal or envelope is used for a pressure estimate.
_JETS = {"TR": c.TV, "MR": c.MV, "AR": c.AV, "AI": c.AV, "PR": c.PV, "PI": c.PV}
for _abbr, _valve in _JETS.items():
    _signals = ("signal", "envelope", "doppler", "spectral", "spectral doppler")
    _r.add("|".join(f"{_abbr} {w}" for w in _signals), _s(_valve), capitals=True)
    _jets = "|".join(f"{_abbr} {w}" for w in ("jet", "jets", "jet area"))
    _r.add(_jets, _a(c.REGURGITATION, None, _valve), capitals=True)
_r.add("regurgitant jet|regurgitant jets", _a(c.REGURGITATION))

_r.begin("valve measurements named without their valve")
# The valve comes from the words around them (measurements._nearest_structure); velocities
# and gradients default to the aortic valve.
_r.add(
    "peak velocity|peak vel|vmax|v max|peak jet velocity|velocity|avmax|av max|"
    "max velocity|maximum velocity|peak systolic velocity",
    _m("vmax"),
)
_r.add(
    "mean gradient|mean pressure gradient|mean pg|mpg|mean grad|mean diastolic gradient|"
    "mean transvalvular gradient|mean|mean pressure",
    _m("mean_gradient"),
)
_r.add(
    "peak gradient|peak pressure gradient|peak pg|max pg|ppg|maximum gradient|"
    "max gradient|peak instantaneous gradient",
    _m("peak_gradient"),
)
_r.add_each(
    {
        "MG": _m("mean_gradient"),
        "Pmean": _m("mean_gradient"),
        "PG": _m("peak_gradient"),
        "Pmax": _m("peak_gradient"),
        "PHT": _m("pht"),
    },
    capitals=True,
)
_r.add(
    "eroa|ero|effective regurgitant orifice area|effective regurgitant orifice|pisa eroa",
    _m("eroa"),
)
_r.add("regurgitant volume|rvol|r vol|regurgitant vol", _m("regurgitant_volume"))
_r.add("regurgitant fraction|rf", _m("regurgitant_fraction"))
# "vena contracta width" was also listed as a look-alike and lost to this entry; it is the
# measurement the ASE 2017 regurgitation tables grade, so it stays a measurement name.
_r.add("vena contracta|vc|vena contracta width|vcw", _m("vena_contracta"))
_r.add(
    "pressure half time|p1/2t|pht|half time|pressure halftime|ar pht|ar pressure half time",
    _m("pht"),
)

_r.begin("pulmonary pressure and RV load (ASE 2010 right heart)")
_r.add(
    "pulmonary artery|pulmonary arterial|pulmonary|main pulmonary artery|pulmonary trunk",
    _s(c.PA),
)
_r.add("PA", _s(c.PA), capitals=True)
_r.add(
    "pulmonary hypertension|pulmonary arterial hypertension|pulmonary htn|"
    "pulmonary artery hypertension",
    _a(c.PRESSURE, ABNORMAL, c.PA),
)
_r.add_each(
    {
        "PH": _a(c.PRESSURE, ABNORMAL, c.PA),
        "PHTN": _a(c.PRESSURE, ABNORMAL, c.PA),
        "PAH": _a(c.PRESSURE, ABNORMAL, c.PA),
    },
    capitals=True,
)
_r.add(
    "rvsp|pasp|spap|pa systolic pressure|pa pressure|pa pressures|pulmonary pressure|"
    "pulmonary pressures|pulmonary artery pressure|pulmonary artery pressures|"
    "pulmonary artery systolic pressure|pulmonary arterial systolic pressure|"
    "estimated pulmonary artery systolic pressure|estimated rvsp|estimated pasp|"
    "right ventricular systolic pressure|rv systolic pressure|pap|systolic pa pressure|"
    "systolic pulmonary artery pressure|systolic pulmonary pressure|pa systolic|"
    "estimated pa pressure|estimated pa systolic pressure|pulmonary systolic pressure|"
    "estimated pulmonary pressure|estimated pulmonary pressures|estimated systolic pa pressure",
    _m("pasp", c.PA, c.PRESSURE),
)
_r.add(
    "pressure overload|rv pressure overload|systolic flattening|d shaped septum|"
    "d shaped left ventricle|systolic septal flattening",
    _a(c.PRESSURE_OVERLOAD, ABNORMAL, c.RV),
)
_r.add(
    "volume overload|rv volume overload|diastolic flattening|paradoxical septal motion|"
    "diastolic septal flattening",
    _a(c.VOLUME_OVERLOAD, ABNORMAL, c.RV),
)
# "Low probability of pulmonary hypertension" and friends (ESC/ERS wording).
_r.add("low probability|low echocardiographic probability|low echo probability", _g(NORMAL))
_r.add(
    "intermediate probability|high probability|intermediate echocardiographic probability|"
    "high echocardiographic probability|intermediate echo probability|high echo probability",
    _g(ABNORMAL),
)

_r.begin("RA pressure and IVC (ASE 2010 right heart)")
_r.add("inferior vena cava|ivc|vena cava", _s(c.IVC))
_r.add(
    "rap|ra pressure|right atrial pressure|rap estimate|estimated rap|estimated ra pressure|"
    "estimated right atrial pressure|ra pressure estimate|rap estimated|cvp|"
    "central venous pressure|mean ra pressure|mean right atrial pressure",
    _m("rap", c.RA, c.PRESSURE),
)
_r.add(
    "ivc diameter|ivc size|ivc dimension|ivc max|ivc maximum diameter|ivc diam|"
    "inferior vena cava diameter|ivc measures|ivc measured",
    _m("ivc_diameter", c.IVC),
)

_r.begin("aorta")
_r.add(
    "aortic root|aortic sinus|aortic sinuses|sinus of valsalva|sinuses of valsalva|"
    "sinotubular junction|root",
    _s(c.ROOT),
)
_r.add(
    "ascending aorta|ascending aortic|proximal ascending aorta|tubular ascending aorta|"
    "tubular aorta",
    _s(c.ASCENDING_AORTA),
)
_r.add(
    "aortic root and ascending aorta|aortic root and proximal ascending aorta|"
    "aortic root and ascending aortic|aorta|thoracic aorta|proximal aorta",
    _s(c.ROOT_AND_ASCENDING),
)
_r.add("Ao", _s(c.ROOT), capitals=True)
_r.add(
    "aortic root diameter|aortic root dimension|ao root|aortic root size|root diameter|"
    "sinus of valsalva diameter|aortic sinus diameter|sov|aortic root at the sinuses|"
    "aortic root measures|aortic root measured|ao root diameter|aortic root diam",
    _m("aortic_root", c.ROOT, c.SIZE),
)
_r.add(
    "ascending aorta diameter|ascending aortic diameter|asc ao|ascending ao|"
    "ascending aorta measures|ascending aorta measured|ascending aorta size|"
    "ascending aortic dimension|ascending aorta dimension",
    _m("ascending_aorta", c.ASCENDING_AORTA, c.SIZE),
)

_r.begin("pericardium (ASE 2013 pericardial disease)")
_r.add("pericardium|pericardial|pericardial space|pericardial sac", _s(c.PERICARDIUM))
_r.add(
    "effusion|effusions|fluid|pericardial fluid|pericardial collection|collection|"
    "pericardial effusion",
    _a(c.EFFUSION, ABNORMAL, c.PERICARDIUM),
)
_r.add(
    "pericardial effusion depth|effusion depth|effusion measures|effusion measuring|"
    "echo free space|echo-free space|effusion size",
    _m("effusion_depth", c.PERICARDIUM, c.EFFUSION),
)

_r.begin("body size")
_r.add("bsa|body surface area|bsa mosteller", _m("bsa"))
_r.add("height|ht|patient height", _m("height"))
_r.add("weight|wt|patient weight|body weight", _m("weight"))

_r.begin("other structures (no category)")
# Nouns that are the subject of their clause, so grades and attributes beside them stay
# with them ("ascending aorta mildly dilated", "pleural effusion"). These were also
# listed as look-alikes (ABSORB) and lost to this entry: kept as structures, which is
# what the analyser has done all along.
_r.add(
    "pleural effusion|pleural effusions|left pleural effusion|right pleural effusion|"
    "bilateral pleural effusions|pleural fluid|ascites|pacing lead|pacemaker lead|lead|wire|"
    "catheter|thrombus|mass|epicardial fat|fat pad|interatrial septum|atrial septum|"
    "septal aneurysm|pfo|asd|vsd|aneurysm|aortic arch|descending aorta|"
    "abdominal aorta|arch|coarctation|chiari network|eustachian valve|moderator band|"
    "left atrial appendage|appendage|hepatic vein|hepatic veins|pulmonary veins|"
    "pulmonary vein|graft|vegetation|vegetations|"
    "coronary sinus|svc|superior vena cava",
    _s(c.OTHER),
)
_r.add("PFO|ASD|VSD|LAA|SVC|IAS", _s(c.OTHER), capitals=True)

# ======================================================================================
# Words every category shares.
# ======================================================================================

_r.begin("attributes")
_r.add(
    "size|sizes|cavity|cavity size|dimension|dimensions|diameter|diameters|volume|volumes|"
    "calibre|caliber|cavity dimensions|internal dimension|"
    "end diastolic dimension|end diastolic diameter|in size",
    _a(c.SIZE),
)
_r.add("wall thickness|wall thicknesses|wall thickening|thickness|wall dimensions", _a(c.WALL))
_r.add(
    "hypertrophy|hypertrophied|concentric hypertrophy|concentric remodeling|"
    "eccentric hypertrophy|concentric remodelling|lvh|rvh",
    _a(c.WALL, ABNORMAL),
)
# "ejection fraction" was also an attribute word here and lost to the measurement name
# (left ventricle, above), which carries the same attribute: it stays a measurement name.
_r.add(
    "systolic function|function|contractility|contraction|systolic performance|"
    "systolic|pump function|global function|global systolic function|"
    "global contractility|overall function|ventricular function",
    _a(c.SYSTOLIC),
)
_r.add(
    "diastolic function|diastolic|relaxation|filling|filling pressure|filling pressures|"
    "diastolic filling|filling pattern|diastology|diastolic parameters",
    _a(c.DIASTOLIC),
)
_r.add(
    "diastolic dysfunction|diastolic impairment|filling abnormality",
    _a(c.DIASTOLIC, ABNORMAL),
)
_r.add("stenosis|stenotic|stenoses", _a(c.STENOSIS, ABNORMAL))
_r.add(
    "regurgitation|regurgitant|insufficiency|incompetence|incompetent|leak",
    _a(c.REGURGITATION, ABNORMAL),
)
_r.add("pressure|pressures|systolic pressure|pressure estimate|pressures estimate", _a(c.PRESSURE))

_r.begin("grades")
_r.add(
    "normal|normally|within normal limits|within normal range|wnl|unremarkable|"
    "upper limit of normal|upper limits of normal|upper normal|high normal|top normal|"
    "low normal|lower limit of normal|normal range|good|preserved|intact|satisfactory|adequate|"
    "within the normal range|structurally normal and|physiologic|physiological|"
    "trace|trivial|minimal|minute|tiny|mild physiological|trace physiological",
    _g(NORMAL, degree=True),
)
_r.add(
    "non dilated|nondilated|undilated|not dilated|not enlarged|non enlarged|"
    "normal dimensions|normal cavity size|normal sized|normal size|"
    "normal in size|normal caliber|normal calibre|normal in calibre|normal in caliber|"
    "normal diameter|normal dimension",
    _g(NORMAL, c.SIZE),
)
_r.add("normal wall thickness|normal thickness", _g(NORMAL, c.WALL))
_r.add(
    "mild|mildly|slight|slightly|minimally|borderline|grade i|grade 1|1+|grade one|"
    "mild to trace|small to trace|trace to mild|trace mild|trivial to mild|minimal to mild",
    _g(MILD, degree=True),
)
_r.add(
    "moderate|moderately|moderate sized|moderate size|grade ii|grade 2|2+|1 2+|1+ 2+|grade two|"
    "mild to moderate|mild moderate|mildly to moderately|mild to moderately|"
    "small to moderate|small to moderate sized",
    _g(MODERATE, degree=True),
)
# "very large" was also an ungraded abnormal word, which won the old merge, so "very large
# LA" read like "large LA". Decided: severe. No table grades a chamber by the word, and a
# reader who writes "very large" means the top grade (ASE/EACVI 2015 names none above
# severe; ASE 2013 calls a >2 cm effusion large = severe).
_r.add(
    "severe|severely|marked|markedly|massive|massively|torrential|free|"
    "very large|extreme|extremely|grade iii|grade 3|grade iv|grade 4|3+|4+|2 3+|3 4+|2+ 3+|"
    "3+ 4+|grade three|grade four|moderate to severe|moderately severe|moderate severe|"
    "moderately to severely|moderate to severely|moderate to large|"
    "critical|critically",
    _g(SEVERE, degree=True),
)
_r.add(
    "dilated|dilatation|dilation|enlarged|enlargement|dilate|increased in size|"
    "increased size|large in size|dilatated|ectatic|aneurysmal|prominent",
    _g(ABNORMAL, c.SIZE),
)
_r.add(
    "thickened|thick|increased wall thickness|increased thickness|thickening",
    _g(ABNORMAL, c.WALL),
)
_r.add(
    "reduced|impaired|depressed|decreased|diminished|poor|dysfunction|hypokinetic|hypokinesis|"
    "globally hypokinetic|global hypokinesis|diffusely hypokinetic|diffuse hypokinesis|"
    "hypocontractile|hyperdynamic|supranormal|systolic dysfunction",
    _g(ABNORMAL, c.SYSTOLIC),
)
# "large sized" was also listed as severe and lost to this entry. Decided: it means what
# "large" means, ungraded abnormal, severe for an effusion (GRADE_BY_ATTRIBUTE: ASE 2013
# large > 2 cm); "moderate to large" stays severe, the higher of the two.
_r.add(
    "abnormal|abnormally|elevated|increased|raised|high|plethoric|small|large|large sized",
    _g(ABNORMAL),
)
_r.add(
    "significant|significantly|hemodynamically significant|haemodynamically significant",
    Term(GRADE, grade=ABNORMAL, significance=True),
)
_r.add(
    "impaired relaxation|abnormal relaxation|delayed relaxation|reversed e/a|e/a reversal|"
    "reversed e/a ratio|e/a ratio reversal|e/a inversion|inverted e/a|reversal of e/a",
    _g(MILD, c.DIASTOLIC),
)
_r.add(
    "pseudonormal|pseudo normal|pseudonormalised|pseudonormalized|pseudonormal filling",
    _g(MODERATE, c.DIASTOLIC),
)
_r.add(
    "restrictive|restrictive filling|restrictive pattern|restrictive physiology",
    _g(SEVERE, c.DIASTOLIC),
)

# Grade words whose meaning depends on what they describe: "small effusion" is mild,
# "small LV cavity" is not dilated; "trace MR" is normal (EchoQA convention).
GRADE_BY_ATTRIBUTE: dict[str, dict[str, str]] = {
    "small": {c.EFFUSION: MILD, c.SIZE: NORMAL},
    "tiny": {c.EFFUSION: MILD},
    "large": {c.EFFUSION: SEVERE},
    "very large": {c.EFFUSION: SEVERE},
    "large sized": {c.EFFUSION: SEVERE},
}

_r.begin("context: negation, uncertainty, history")
_r.add(
    "no|not|negative for|absence of|free of|no evidence of|no signs of|"
    "no sign of|no significant|not significantly|no echocardiographic evidence of|"
    "neither|nor|no definite|no obvious|no appreciable|no visible|"
    "no evidence for|rules out|no features of|no hemodynamically significant|"
    "no haemodynamically significant|insignificant|non significant|nonsignificant|"
    "not significant|no further",
    Term(NEG),
)
_r.add("without|without significant|without any|without evidence of", Term(NEG, splits=True))
_r.add(
    "is absent|are absent|was absent|absent|not seen|not present|not identified|not detected|"
    "not demonstrated|is not seen|none seen|none identified|none|nil|ruled out|excluded|"
    "not noted|not appreciated|was not seen|were not seen|is not present|negative",
    Term(NEG_POST),
)
# A finding that has gone since an earlier study ("the previously noted effusion has
# resolved"): negated, and about this study, so the history word before it does not make
# it history (context.scopes).
_r.add(
    "has resolved|have resolved|resolved|is no longer seen|no longer seen|"
    "is no longer present|no longer present|no longer visible|is no longer visible|"
    "has disappeared|no longer evident",
    Term(NEG_POST, now=True),
)
_r.add(
    "possible|possibly|probable|probably|may|might|may be|could be|questionable|"
    "suspected|suspicious for|suspicion of|cannot exclude|can not exclude|"
    "cannot rule out|can not rule out|equivocal|likely|uncertain|query|"
    "perhaps|presumed|presumably|borderline significant|concern for|consider|"
    "difficult to exclude",
    Term(UNC),
)
# "not excluded" was also listed as a forward trigger ("not excluded: ...") and lost to
# this entry. Decided: it follows what it qualifies ("a small effusion is not excluded").
_r.add(
    "cannot be excluded|can not be excluded|cannot be ruled out|can not be ruled out|"
    "could not be excluded|could not be ruled out|not excluded|is possible|is likely|"
    "is suspected|not entirely excluded|cannot be completely excluded",
    Term(UNC_POST),
)
_r.add(
    "previously|previous|prior|prior study|previous study|prior echo|previous echo|"
    "prior echocardiogram|previous echocardiogram|prior exam|prior examination|"
    "previous examination|prior tte|previous tte|prior tee|earlier study|last study|"
    "last echo|at that time|historically|history of|in the past|status post|s/p|"
    "formerly|old study|comparison study|had been|prior echocardiography|previous echocardiography",
    Term(HIST),
)
_r.add(
    "now|currently|current|today|this study|presently|at present|on this study|"
    "on today's study|current study|this examination",
    Term(PSEUDO, now=True),
)
_r.add(
    "compared with|compared to|in comparison with|in comparison to|since the prior|"
    "since the previous|since the last|interval|interval change|unchanged|no change|"
    "no significant change|stable|improved|worsened|progressed|progression",
    Term(PSEUDO, comparison=True),
)
_r.add(
    "no more than|not more than|at most|at least|no worse than|no less than|not less than",
    Term(PSEUDO),
)
_r.add(
    "not assessed|not evaluated|not measured|not estimated|not well seen|not well visualised|"
    "not well visualized|poorly seen|poorly visualised|poorly visualized|not visualised|"
    "not visualized|not imaged|not seen well|could not be assessed|could not be evaluated|"
    "could not be measured|could not be estimated|cannot be assessed|cannot be evaluated|"
    "cannot be estimated|can not be assessed|unable to assess|unable to estimate|"
    "unable to evaluate|unable to be assessed|unable to be estimated|indeterminate|"
    "inadequate|insufficient|technically limited|suboptimal|unassessable|not assessable|"
    "not able to be assessed|not quantified|could not be quantified|not obtained|"
    "not recorded|not reported|not interpretable|uninterpretable|could not be determined|"
    "cannot be determined|not determined|inadequately seen|inadequately visualised|"
    "inadequately visualized|difficult to assess|not adequately seen|not adequately visualized|"
    "not adequately visualised|not well defined|"
    # "Severe MR is unlikely" neither grades nor clears it.
    "unlikely|is unlikely|felt unlikely",
    Term(INDET),
)

_r.begin("shorthand of notes and worksheets")
# Clipped words of hand-written and telegraphic reports ("nl LV sz", "mod MR", "sev LAE",
# "LV fn good", "no eff"): each means what its full word above means.
_r.add("nl|nml", _g(NORMAL, degree=True))
_r.add("ok|okay", _g(NORMAL))
_r.add("mod", _g(MODERATE, degree=True))
_r.add("sev", _g(SEVERE, degree=True))
_r.add("enl|dil|enlgd", _g(ABNORMAL, c.SIZE))
_r.add("sz|cav", _a(c.SIZE))
_r.add("fn|fxn|func|fnc", _a(c.SYSTOLIC))
_r.add("eff|effn", _a(c.EFFUSION, ABNORMAL, c.PERICARDIUM))
_r.add("regurg", _a(c.REGURGITATION, ABNORMAL))
_r.add("sig|signif", Term(GRADE, grade=ABNORMAL, significance=True))

_r.begin("look-alikes")
# Words that take a grade away from the categories: "annular calcification", "thickened
# leaflets", "prolapse". (Structures with no category are listed above, under other
# structures; regional wall words below.)
_r.add(
    "annular calcification|calcification|calcified|"
    "sclerosis|sclerotic|leaflet|leaflets|cusp|cusps|"
    "free wall|wall motion score|"
    "leaflet thickening|prolapse|prolapsing|flail|billowing|"
    "akinesis|akinetic|dyskinesis|dyskinetic|tamponade|"
    "trabeculation|trabeculations|"
    "papillary muscle|papillary muscles|chordae|chordal|subvalvular|annulus|annular|"
    "sinus rhythm|atrial fibrillation|heart rate|blood pressure|ecg|image quality|"
    # Image quality, not the heart: "poor" here grades nothing.
    "poor windows|poor window|poor acoustic windows|poor acoustic window|poor echo windows|"
    "poor image quality|poor images|poor views|poor quality images|poor quality study|"
    "poor study quality|limited windows|limited views|"
    "echo window|echo windows|windows|contrast|bubble study|doppler|colour doppler|"
    "color doppler|m mode|2d|3d|biplane|simpson|simpsons|visual estimate|visually|"
    "tissue doppler|strain|gls|global longitudinal strain|septal motion|"
    "ventricular septum|interventricular septum|"
    "venous|valve area|"
    "replacement|"
    "transvalvular|rheumatic|commissural|"
    "commissural fusion|doming|restricted|restriction|tethering|tethered|"
    "redundant|myxomatous|bicuspid|tricuspid aortic valve|trileaflet|quadricuspid",
    Term(ABSORB),
)
_r.add("MAC|AF|AFib|SR|BP|HR|GLS", Term(ABSORB), capitals=True)
# Regional words: "inferior wall hypokinesis" says nothing about global function. (The
# wall motion words were also plain look-alikes above and lost to these: kept regional.)
_r.add(
    "regional|regionally|segment|segments|segmental|territory|territories|inferior|anterior|"
    "lateral|apical|apex|apically|basal|inferolateral|inferoseptal|anteroseptal|anterolateral|"
    "inferior wall|anterior wall|lateral wall|apical segments|basal segments|mid segments|"
    "lad territory|rca territory|circumflex territory|wall motion|regional wall motion|"
    "wall motion abnormality|wall motion abnormalities",
    Term(ABSORB, attribute=c.SYSTOLIC),
)

_r.begin("clause boundaries")
_r.add(
    ";|but|however|although|though|whereas|while|with|which|except|apart from|"
    "other than|and is|and are|and has|and the|and there is|and there are|as well as",
    Term(BARRIER),
)
_r.add(",|and|also|plus|(|)", Term(WEAK))

# The tables the matcher reads (lexicon.py): phrase key -> meaning.
LEXICON: dict[str, Term] = REGISTRY.words
CASE_SENSITIVE: dict[str, Term] = REGISTRY.capitals

# ======================================================================================
# Word lists read outside the phrase matcher.
# ======================================================================================

# Section headings, as the first words of a line (sections.py), and the section each opens.
SECTION_HEADINGS: dict[str, str] = {
    "findings": "findings",
    "finding": "findings",
    "report": "findings",
    "echocardiographic findings": "findings",
    "echo findings": "findings",
    "results": "findings",
    "description": "findings",
    "observations": "findings",
    "impression": "impression",
    "impressions": "impression",
    "conclusion": "impression",
    "conclusions": "impression",
    "summary": "impression",
    "interpretation": "impression",
    "final impression": "impression",
    "opinion": "impression",
    "assessment": "impression",
    "diagnosis": "impression",
    "measurements": "measurements",
    "measurement": "measurements",
    "measurements and calculations": "measurements",
    "2d measurements": "measurements",
    "doppler measurements": "measurements",
    "doppler": "measurements",
    "comparison": "comparison",
    "comparisons": "comparison",
    "compared to prior": "comparison",
    "comparison with prior": "comparison",
    "indication": "indication",
    "indications": "indication",
    "reason for study": "indication",
    "reason for exam": "indication",
    "reason for referral": "indication",
    "clinical indication": "indication",
    "clinical details": "indication",
    "history": "history",
    "clinical history": "history",
    "past medical history": "history",
    "pmh": "history",
    "technique": "technique",
    "procedure": "technique",
    "study quality": "technique",
    "image quality": "technique",
    "patient": "patient",
    "demographics": "patient",
    "patient details": "patient",
    "sex": "patient",
    "gender": "patient",
    "age": "patient",
    "name": "patient",
    "dob": "patient",
    "date": "patient",
    "referring physician": "patient",
    "recommendations": "recommendations",
    "recommendation": "recommendations",
    "plan": "recommendations",
}

# The patient's sex as reports and the `sex` argument write it (patient.py, analyze.py).
SEX_WORDS: dict[str, str] = {
    "male": "m",
    "man": "m",
    "gentleman": "m",
    "boy": "m",
    "m": "m",
    "female": "f",
    "woman": "f",
    "lady": "f",
    "girl": "f",
    "f": "f",
}
# Words a "Sex:" field or the `sex` argument may hold; the rest only appear in prose.
SEX_FIELD_WORDS = ("male", "female", "man", "woman", "m", "f")

# IVC wording for the RA pressure estimate (measurements.ivc_words; ASE 2010 right heart:
# RAP 3 when the IVC is <= 2.1 cm and collapses > 50%, 15 when both fail, else 8).
IVC_COLLAPSE_NOUNS = ("collapse", "collapsibility", "variation", "variability")
IVC_COLLAPSE_VERBS = ("collapse", "collapses", "collapsibility", "variation")
IVC_COLLAPSES_WELL = ("normally", "well", "completely", "fully")  # "collapses normally"
IVC_POOR_COLLAPSE = (  # before a collapse noun: "blunted collapse"
    "no",
    "reduced",
    "poor",
    "minimal",
    "absent",
    "diminished",
    "blunted",
    "decreased",
    "impaired",
    "without",
    "lack of",
    "abnormal",
)
IVC_FAILS_TO_COLLAPSE = ("does not", "fails to", "did not")
IVC_DILATED = ("plethoric", "dilated", "enlarged", "distended", "large")
IVC_NOT_DILATED = (
    "normal size",
    "normal sized",
    "normal caliber",
    "normal calibre",
    "normal diameter",
    "normal in size",
    "small",
    "not dilated",
    "non dilated",
    "nondilated",
    "collapsed",
)

# What the summary checker (echoassist/report_summary.py) reads in a model's prose: grade
# words, and the names a category goes by besides its table name.
SUMMARY_GRADE_WORDS: dict[str, str] = {
    "normal": NORMAL,
    "trace": NORMAL,
    "trivial": NORMAL,
    "mild": MILD,
    "mildly": MILD,
    "moderate": MODERATE,
    "moderately": MODERATE,
    "severe": SEVERE,
    "severely": SEVERE,
    "abnormal": ABNORMAL,
}
SUMMARY_CATEGORY_NAMES: dict[str, tuple[str, ...]] = {
    "lv_systolic": ("lvef", "ejection fraction", "systolic function"),
    "av_stenosis": ("aortic stenosis",),
    "av_regurgitation": ("aortic regurgitation",),
    "mv_stenosis": ("mitral stenosis",),
    "mv_regurgitation": ("mitral regurgitation",),
    "tv_regurgitation": ("tricuspid regurgitation",),
    "pericardial_effusion": ("effusion",),
    "pulmonary_hypertension": ("pulmonary pressure", "pulmonary hypertension", "pasp", "rvsp"),
}

# English words that carry no finding but show the report is in English: with the
# lexicon's own words they make up most words of an English report (over 4 in 5 across
# the shared corpus) and few of a French, German or Spanish one (at most 1 in 4).
ENGLISH_FILLERS = frozenset(
    """a an the and or but nor of in on at to by for with without from into onto over under
    above below between within than then as is are was were be been being am has have had
    having do does did this that these those there here it its which who whom whose what when
    where while not no none any some all both each either neither more most less least very
    much many few can could may might must shall should will would also only just still yet so
    such we you he she they our your his her their them us me my per via vs after before
    during since up down out off about again further once same other another own too""".split()
)
# Real English words that are a long lexicon word with one letter left out ("sight" is not
# "slight", "indeed" is not "indexed"): spelling.corrected leaves them as written.
WORD_NOT_A_SLIP = frozenset(
    """asses choral deceased defied doing faction fattening filing indeed medal panned
    panning patten planed planing plural preset sable sated sepal sight sightly stain stale
    stats tiling tough vales venus wheres widow widows wight""".split()
)
# In a report written all in lowercase, capitals-only abbreviations are read in lowercase
# too ("torrential tr", "ra dilated"), except these, which are ordinary words or units in
# lowercase ("as", "ms" milliseconds, "mg", "pg", "ph") or another abbreviation ("dd",
# differential diagnosis).
LOWERCASE_NOT_ABBREVIATIONS = frozenset({"as", "ms", "mg", "pg", "ph", "dd"})
# Numbers written as words ("forty-five percent"): spelled_numbers.py. A lone digit word
# ("one", "two") is read as a number only before a unit or "point", since "one of" and
# "grade two" are not measurements.
NUMBER_UNITS = {
    w: i for i, w in enumerate("zero one two three four five six seven eight nine".split())
}
NUMBER_TEENS = {
    w: i + 10
    for i, w in enumerate(
        "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
NUMBER_TENS = {
    w: (i + 2) * 10
    for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
NUMBER_POINT = "point"
# Unit words after which a lone digit word is a number ("five millimetres").
NUMBER_UNIT_WORDS = (
    "percent",
    "per cent",
    "%",
    "mm",
    "cm",
    "millimet",
    "centimet",
    "metre",
    "meter",
    "m/s",
)
# A report that gives each study its own labelled line or block ("Echo 03/2021: ...",
# "Echo today: ..."): a label naming a study and a date is an earlier study when another
# label names this one (analyze._prior_lines).
STUDY_LABEL_WORDS = ("echo", "tte", "tee", "echocardiogram", "study", "scan")
CURRENT_STUDY_LABEL_WORDS = ("today", "now", "current", "this study", "this echo")
# A sentence opening with one of these speaks of the finding of the sentence before it
# ("Aortic regurgitation is present. It is moderate."): mentions.sentence_mentions.
ANAPHORA = frozenset({"it", "this", "they", "these"})
# Units follow numbers in every language, so they count neither way.
UNIT_WORDS = frozenset("cm mm m s ms msec sec mmhg hg ml mls kg g lb lbs bpm".split())
