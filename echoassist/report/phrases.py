"""The report vocabulary as data: every phrase the analyser recognises and what it means.

Phrases are matched on word tokens (hyphens count as spaces, so "non-dilated" and
"non dilated" are one entry). Entries in CASE_SENSITIVE only match in capitals, which keeps
abbreviations such as AS, LA or MR from matching ordinary words ("as", "la", "Mr").
"""

from __future__ import annotations

from dataclasses import dataclass

from echoassist.report import categories as c
from echoassist.report.model import ABNORMAL, MILD, MODERATE, NORMAL, SEVERE

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
ABSORB = "absorb"  # look-alikes that take a grade away from categories: "pleural effusion"
BARRIER = "barrier"  # ends a clause: "but", "with", ";"
WEAK = "weak"  # may end a clause when two findings share a sentence: "and", ","


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


def _s(structure: str, grade: str | None = None) -> Term:
    return Term(STRUCT, structure=structure, grade=grade)


def _a(attribute: str, grade: str | None = None, structure: str | None = None) -> Term:
    return Term(ATTR, attribute=attribute, grade=grade, structure=structure)


def _g(grade: str, attribute: str | None = None, degree: bool = False) -> Term:
    return Term(GRADE, grade=grade, attribute=attribute, degree=degree)


def _m(measure: str, structure: str | None = None, attribute: str | None = None) -> Term:
    return Term(MEAS, measure=measure, structure=structure, attribute=attribute)


def _many(words: str, term: Term) -> dict[str, Term]:
    return {w.strip(): term for w in words.split("|") if w.strip()}


LEXICON: dict[str, Term] = {}
CASE_SENSITIVE: dict[str, Term] = {}

# --- structures -----------------------------------------------------------------------
LEXICON |= _many("left ventricle|left ventricular|left ventricles|lv|lt ventricle", _s(c.LV))
LEXICON |= _many("right ventricle|right ventricular|rt ventricle|rv", _s(c.RV))
LEXICON |= _many("left atrium|left atrial|lt atrium", _s(c.LA))
LEXICON |= _many("right atrium|right atrial|rt atrium", _s(c.RA))
LEXICON |= _many(
    "biventricular|bi ventricular|both ventricles|left and right ventricles|"
    "left and right ventricular",
    _s(c.BIV),
)
LEXICON |= _many(
    "biatrial|bi atrial|both atria|left and right atria|left and right atrial|atria|atrial",
    _s(c.BIATRIAL),
)
LEXICON |= _many("aortic valve|aortic|aortic valvular|aortic valve leaflets", _s(c.AV))
LEXICON |= _many("mitral valve|mitral|mitral valvular", _s(c.MV))
LEXICON |= _many("tricuspid valve|tricuspid|tricuspid valvular", _s(c.TV))
LEXICON |= _many("pulmonic valve|pulmonary valve|pulmonic|pulmonary valvular", _s(c.PV))
LEXICON |= _many(
    "aortic root|aortic sinus|aortic sinuses|sinus of valsalva|sinuses of valsalva|"
    "sinotubular junction|aortic root and ascending aorta|root",
    _s(c.ROOT),
)
LEXICON |= _many("pericardium|pericardial|pericardial space|pericardial sac", _s(c.PERICARDIUM))
LEXICON |= _many(
    "pulmonary artery|pulmonary arterial|pulmonary|main pulmonary artery|pulmonary trunk",
    _s(c.PA),
)
LEXICON |= _many("inferior vena cava|ivc|vena cava", _s(c.IVC))
LEXICON |= _many(
    "lvot|left ventricular outflow tract|lv outflow tract|outflow tract|sam|"
    "systolic anterior motion|subaortic|lvoto|lvot obstruction",
    _s(c.LVOT),
)
CASE_SENSITIVE |= {
    "LV": _s(c.LV),
    "RV": _s(c.RV),
    "LA": _s(c.LA),
    "RA": _s(c.RA),
    "AV": _s(c.AV),
    "MV": _s(c.MV),
    "TV": _s(c.TV),
    "PV": _s(c.PV),
    "PA": _s(c.PA),
    "Ao": _s(c.ROOT),
}

# --- attributes -----------------------------------------------------------------------
LEXICON |= _many(
    "size|sizes|cavity|cavity size|dimension|dimensions|diameter|diameters|volume|volumes|"
    "calibre|caliber|cavity dimensions|internal dimension|"
    "end diastolic dimension|end diastolic diameter|in size",
    _a(c.SIZE),
)
LEXICON |= _many(
    "wall thickness|wall thicknesses|wall thickening|thickness|wall dimensions",
    _a(c.WALL),
)
LEXICON |= _many(
    "hypertrophy|hypertrophied|concentric hypertrophy|concentric remodeling|"
    "eccentric hypertrophy|concentric remodelling|lvh|rvh",
    _a(c.WALL, ABNORMAL),
)
LEXICON |= _many(
    "systolic function|function|contractility|contraction|systolic performance|"
    "ejection fraction|systolic|pump function|global function|global systolic function|"
    "global contractility|overall function|ventricular function",
    _a(c.SYSTOLIC),
)
LEXICON |= _many(
    "diastolic function|diastolic|relaxation|filling|filling pressure|filling pressures|"
    "diastolic filling|filling pattern|diastology|diastolic parameters",
    _a(c.DIASTOLIC),
)
LEXICON |= _many(
    "diastolic dysfunction|diastolic impairment|filling abnormality",
    _a(c.DIASTOLIC, ABNORMAL),
)
LEXICON |= _many("stenosis|stenotic|stenoses", _a(c.STENOSIS, ABNORMAL))
LEXICON |= _many(
    "regurgitation|regurgitant|insufficiency|incompetence|incompetent|leak|valvular regurgitation",
    _a(c.REGURGITATION, ABNORMAL),
)
LEXICON |= _many(
    "effusion|effusions|fluid|pericardial fluid|pericardial collection|collection",
    _a(c.EFFUSION, ABNORMAL, c.PERICARDIUM),
)
LEXICON |= _many("pericardial effusion", _a(c.EFFUSION, ABNORMAL, c.PERICARDIUM))
LEXICON |= _many(
    "pressure|pressures|systolic pressure|pressure estimate|pressures estimate",
    _a(c.PRESSURE),
)
LEXICON |= _many(
    "pulmonary hypertension|pulmonary arterial hypertension|pulmonary htn|"
    "pulmonary artery hypertension",
    _a(c.PRESSURE, ABNORMAL, c.PA),
)
LEXICON |= _many(
    "pressure overload|rv pressure overload|systolic flattening|d shaped septum|"
    "d shaped left ventricle|systolic septal flattening",
    _a(c.PRESSURE_OVERLOAD, ABNORMAL, c.RV),
)
LEXICON |= _many(
    "volume overload|rv volume overload|diastolic flattening|paradoxical septal motion|"
    "diastolic septal flattening",
    _a(c.VOLUME_OVERLOAD, ABNORMAL, c.RV),
)
CASE_SENSITIVE |= {
    "MR": _a(c.REGURGITATION, ABNORMAL, c.MV),
    "AR": _a(c.REGURGITATION, ABNORMAL, c.AV),
    "AI": _a(c.REGURGITATION, ABNORMAL, c.AV),
    "TR": _a(c.REGURGITATION, ABNORMAL, c.TV),
    "TI": _a(c.REGURGITATION, ABNORMAL, c.TV),
    "PR": _a(c.REGURGITATION, ABNORMAL, c.PV),
    "PI": _a(c.REGURGITATION, ABNORMAL, c.PV),
    "AS": _a(c.STENOSIS, ABNORMAL, c.AV),
    "MS": _a(c.STENOSIS, ABNORMAL, c.MV),
    "TS": _a(c.STENOSIS, ABNORMAL, c.TV),
    "LVH": _a(c.WALL, ABNORMAL, c.LV),
    "RVH": _a(c.WALL, ABNORMAL, c.RV),
    "LAE": _a(c.SIZE, ABNORMAL, c.LA),
    "RAE": _a(c.SIZE, ABNORMAL, c.RA),
    "PH": _a(c.PRESSURE, ABNORMAL, c.PA),
    "PHT": _m("pht"),
    "PHTN": _a(c.PRESSURE, ABNORMAL, c.PA),
    "PAH": _a(c.PRESSURE, ABNORMAL, c.PA),
    "DD": _a(c.DIASTOLIC, ABNORMAL, c.LV),
    # UK shorthand: LV/RV systolic function and dysfunction.
    "LVSF": _a(c.SYSTOLIC, None, c.LV),
    "RVSF": _a(c.SYSTOLIC, None, c.RV),
    "LVSD": _a(c.SYSTOLIC, ABNORMAL, c.LV),
    "RVSD": _a(c.SYSTOLIC, ABNORMAL, c.RV),
    "LVDD": _a(c.DIASTOLIC, ABNORMAL, c.LV),
    "MG": _m("mean_gradient"),
    "PG": _m("peak_gradient"),
    "Pmean": _m("mean_gradient"),
    "Pmax": _m("peak_gradient"),
    "S'": _m("rv_s_prime", c.RV, c.SYSTOLIC),
}

# Jets and signals used for pressure estimates, not for grading the regurgitation.
_JETS = {
    "TR": c.TV,
    "MR": c.MV,
    "AR": c.AV,
    "AI": c.AV,
    "PR": c.PV,
    "PI": c.PV,
}
for _abbr, _struct in _JETS.items():
    for _what in ("signal", "envelope", "doppler", "spectral", "spectral doppler"):
        CASE_SENSITIVE[f"{_abbr} {_what}"] = _s(_struct)
    # A jet's size grades the regurgitation ("the AR jet is moderate"); a jet alone
    # ("the MR jet is central") implies no grade.
    for _what in ("jet", "jets", "jet area"):
        CASE_SENSITIVE[f"{_abbr} {_what}"] = _a(c.REGURGITATION, None, _struct)
LEXICON |= _many(
    "tricuspid regurgitant signal|tricuspid regurgitation signal|tricuspid regurgitant envelope|"
    "tricuspid regurgitation envelope|tricuspid signal|tr signal",
    _s(c.TV),
)
LEXICON |= _many(
    "tricuspid regurgitant jet|tricuspid regurgitation jet|tricuspid jet",
    _a(c.REGURGITATION, None, c.TV),
)
LEXICON |= _many(
    "mitral regurgitant jet|mitral regurgitation jet|mitral jet", _a(c.REGURGITATION, None, c.MV)
)
LEXICON |= _many(
    "aortic regurgitant jet|aortic regurgitation jet|aortic insufficiency jet",
    _a(c.REGURGITATION, None, c.AV),
)
LEXICON |= _many("regurgitant jet|regurgitant jets", _a(c.REGURGITATION))
LEXICON |= _many("mitral inflow|mitral inflow pattern", Term(ABSORB))
# "LA volume indexed to BSA is 46 mL/m2": not a BSA value.
LEXICON |= _many("indexed to bsa|indexed to body surface area|indexed for bsa", Term(ABSORB))

# --- grades ---------------------------------------------------------------------------
LEXICON |= _many(
    "normal|normally|within normal limits|within normal range|wnl|unremarkable|"
    "upper limit of normal|upper limits of normal|upper normal|high normal|top normal|"
    "low normal|lower limit of normal|normal range|good|preserved|intact|satisfactory|adequate|"
    "within the normal range|structurally normal and|physiologic|physiological|"
    "trace|trivial|minimal|minute|tiny|mild physiological|trace physiological",
    _g(NORMAL, degree=True),
)
LEXICON |= _many(
    "non dilated|nondilated|undilated|not dilated|not enlarged|non enlarged|"
    "normal dimensions|normal cavity size|normal sized|normal size|"
    "normal in size|normal caliber|normal calibre|normal in calibre|normal in caliber|"
    "normal diameter|normal dimension",
    _g(NORMAL, c.SIZE),
)
LEXICON |= _many("normal wall thickness|normal thickness", _g(NORMAL, c.WALL))
LEXICON |= _many(
    "mild|mildly|slight|slightly|minimally|borderline|grade i|grade 1|1+|grade one|"
    "mild to trace|small to trace|trace to mild|trace mild|trivial to mild|minimal to mild",
    _g(MILD, degree=True),
)
LEXICON |= _many(
    "moderate|moderately|moderate sized|moderate size|grade ii|grade 2|2+|1 2+|1+ 2+|grade two|"
    "mild to moderate|mild moderate|mildly to moderately|mild to moderately|"
    "small to moderate|small to moderate sized",
    _g(MODERATE, degree=True),
)
LEXICON |= _many(
    "severe|severely|marked|markedly|massive|massively|torrential|free|"
    "very large|extreme|extremely|grade iii|grade 3|grade iv|grade 4|3+|4+|2 3+|3 4+|2+ 3+|"
    "3+ 4+|grade three|grade four|moderate to severe|moderately severe|moderate severe|"
    "moderately to severely|moderate to severely|moderate to large|large sized|"
    "critical|critically",
    _g(SEVERE, degree=True),
)
LEXICON |= _many(
    "dilated|dilatation|dilation|enlarged|enlargement|dilate|increased in size|"
    "increased size|large in size|dilatated|ectatic|aneurysmal|prominent",
    _g(ABNORMAL, c.SIZE),
)
LEXICON |= _many(
    "thickened|thick|increased wall thickness|increased thickness|thickening",
    _g(ABNORMAL, c.WALL),
)
LEXICON |= _many(
    "reduced|impaired|depressed|decreased|diminished|poor|dysfunction|hypokinetic|hypokinesis|"
    "globally hypokinetic|global hypokinesis|diffusely hypokinetic|diffuse hypokinesis|"
    "hypocontractile|hyperdynamic|supranormal|systolic dysfunction",
    _g(ABNORMAL, c.SYSTOLIC),
)
LEXICON |= _many(
    "abnormal|abnormally|elevated|increased|raised|high|significant|significantly|"
    "plethoric|small|large|very large|large sized",
    _g(ABNORMAL),
)
LEXICON |= _many(
    "impaired relaxation|abnormal relaxation|delayed relaxation|reversed e/a|e/a reversal|"
    "reversed e/a ratio|e/a ratio reversal|e/a inversion|inverted e/a|reversal of e/a",
    _g(MILD, c.DIASTOLIC),
)
LEXICON |= _many(
    "pseudonormal|pseudo normal|pseudonormalised|pseudonormalized|pseudonormal filling",
    _g(MODERATE, c.DIASTOLIC),
)
LEXICON |= _many(
    "restrictive|restrictive filling|restrictive pattern|restrictive physiology",
    _g(SEVERE, c.DIASTOLIC),
)
# "Low probability of pulmonary hypertension" and friends (ESC/ERS wording).
LEXICON |= _many("low probability", _g(NORMAL))
LEXICON |= _many("intermediate probability|high probability", _g(ABNORMAL))

# --- context triggers ------------------------------------------------------------------
LEXICON |= _many(
    "no|not|negative for|absence of|free of|no evidence of|no signs of|"
    "no sign of|no significant|not significantly|no echocardiographic evidence of|"
    "neither|nor|no definite|no obvious|no appreciable|no visible|"
    "no evidence for|rules out|no features of|no hemodynamically significant|"
    "no haemodynamically significant|insignificant|non significant|nonsignificant|"
    "not significant|no further",
    Term(NEG),
)
LEXICON |= _many(
    "without|without significant|without any|without evidence of", Term(NEG, splits=True)
)
LEXICON |= _many(
    "is absent|are absent|was absent|absent|not seen|not present|not identified|not detected|"
    "not demonstrated|is not seen|none seen|none identified|none|nil|ruled out|excluded|"
    "not noted|not appreciated|was not seen|were not seen|is not present|negative",
    Term(NEG_POST),
)
LEXICON |= _many(
    "possible|possibly|probable|probably|may|might|may be|could be|questionable|"
    "suspected|suspicious for|suspicion of|cannot exclude|can not exclude|"
    "cannot rule out|can not rule out|equivocal|likely|uncertain|query|"
    "perhaps|presumed|presumably|borderline significant|concern for|consider|"
    "difficult to exclude|not excluded",
    Term(UNC),
)
LEXICON |= _many(
    "cannot be excluded|can not be excluded|cannot be ruled out|can not be ruled out|"
    "could not be excluded|could not be ruled out|not excluded|is possible|is likely|"
    "is suspected|not entirely excluded|cannot be completely excluded",
    Term(UNC_POST),
)
LEXICON |= _many(
    "previously|previous|prior|prior study|previous study|prior echo|previous echo|"
    "prior echocardiogram|previous echocardiogram|prior exam|prior examination|"
    "previous examination|prior tte|previous tte|prior tee|earlier study|last study|"
    "last echo|at that time|historically|history of|in the past|status post|s/p|"
    "formerly|old study|comparison study|had been|prior echocardiography|previous echocardiography",
    Term(HIST),
)
LEXICON |= _many(
    "now|currently|current|today|this study|presently|at present|on this study|"
    "on today's study|current study|this examination|compared with|compared to|"
    "in comparison with|in comparison to|since the prior|since the previous|"
    "since the last|interval|interval change|unchanged|no change|no significant change|"
    "stable|improved|worsened|progressed|progression",
    Term(PSEUDO),
)
LEXICON |= _many(
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
LEXICON |= _many(
    "no more than|not more than|at most|at least|no worse than|no less than|not less than",
    Term(PSEUDO),
)

# --- look-alikes (absorb grades so they do not reach a category) -------------------------
LEXICON |= _many(
    "pleural effusion|pleural effusions|left pleural effusion|right pleural effusion|"
    "bilateral pleural effusions|pleural fluid|ascites|"
    "annular calcification|calcification|calcified|"
    "sclerosis|sclerotic|leaflet|leaflets|cusp|cusps|"
    "free wall|wall motion score|"
    "leaflet thickening|prolapse|prolapsing|flail|billowing|vegetation|vegetations|"
    "pacing lead|pacemaker lead|lead|wire|catheter|thrombus|mass|epicardial fat|"
    "fat pad|interatrial septum|atrial septum|septal aneurysm|pfo|asd|vsd|"
    "wall motion|regional wall motion|wall motion abnormality|wall motion abnormalities|"
    "akinesis|akinetic|dyskinesis|dyskinetic|aneurysm|aortic arch|descending aorta|"
    "ascending aorta|abdominal aorta|arch|coarctation|tamponade|chiari network|"
    "eustachian valve|moderator band|trabeculation|trabeculations|"
    "papillary muscle|papillary muscles|chordae|chordal|subvalvular|annulus|annular|"
    "sinus rhythm|atrial fibrillation|heart rate|blood pressure|ecg|image quality|"
    "echo window|echo windows|windows|contrast|bubble study|doppler|colour doppler|"
    "color doppler|m mode|2d|3d|biplane|simpson|simpsons|visual estimate|visually|"
    "tissue doppler|strain|gls|global longitudinal strain|septal motion|"
    "ventricular septum|interventricular septum|left atrial appendage|appendage|"
    "venous|hepatic vein|hepatic veins|pulmonary veins|pulmonary vein|valve area|"
    "prosthesis|prosthetic|bioprosthesis|bioprosthetic|mechanical valve|repair|"
    "replacement|annuloplasty|ring|clip|mitraclip|tavi|tavr|avr|mvr|savr|graft|"
    "transvalvular|paravalvular|perivalvular|paravalvular leak|rheumatic|commissural|"
    "commissural fusion|doming|restricted|restriction|tethering|tethered|"
    "redundant|myxomatous|bicuspid|tricuspid aortic valve|trileaflet|quadricuspid|"
    "vena contracta width",
    Term(ABSORB),
)
CASE_SENSITIVE |= _many("MAC|AF|AFib|SR|BP|HR|GLS|TAVI|TAVR|AVR|MVR", Term(ABSORB))
# Other structures: nouns that are the subject of their clause, so grades and attributes
# beside them stay with them ("ascending aorta mildly dilated", "pleural effusion").
LEXICON |= _many(
    "pleural effusion|pleural effusions|left pleural effusion|right pleural effusion|"
    "bilateral pleural effusions|pleural fluid|ascites|pacing lead|pacemaker lead|lead|wire|"
    "catheter|thrombus|mass|epicardial fat|fat pad|interatrial septum|atrial septum|"
    "septal aneurysm|pfo|asd|vsd|aneurysm|aortic arch|descending aorta|ascending aorta|"
    "abdominal aorta|arch|coarctation|chiari network|eustachian valve|moderator band|"
    "left atrial appendage|appendage|hepatic vein|hepatic veins|pulmonary veins|"
    "pulmonary vein|prosthesis|bioprosthesis|mechanical valve|graft|vegetation|vegetations|"
    "coronary sinus|svc|superior vena cava",
    _s(c.OTHER),
)
CASE_SENSITIVE |= _many("PFO|ASD|VSD|LAA|SVC|IAS", _s(c.OTHER))
LEXICON |= _many(
    "right heart|right sided chambers|right heart chambers|right sided cardiac chambers",
    _s(c.RIGHT_HEART),
)
LEXICON |= _many(
    "left heart|left sided chambers|left heart chambers|left sided cardiac chambers",
    _s(c.LEFT_HEART),
)
LEXICON |= _many(
    "cardiac chamber|cardiac chambers|all chambers|all four chambers|four chambers|"
    "all cardiac chambers|chamber|chambers|heart chambers|all four cardiac chambers",
    _s(c.ALL_CHAMBERS),
)

# Regional words: "inferior wall hypokinesis" says nothing about global function.
LEXICON |= _many(
    "regional|regionally|segment|segments|segmental|territory|territories|inferior|anterior|"
    "lateral|apical|apex|apically|basal|inferolateral|inferoseptal|anteroseptal|anterolateral|"
    "inferior wall|anterior wall|lateral wall|apical segments|basal segments|mid segments|"
    "lad territory|rca territory|circumflex territory|wall motion|regional wall motion|"
    "wall motion abnormality|wall motion abnormalities",
    Term(ABSORB, attribute=c.SYSTOLIC),
)

# --- measurement names -------------------------------------------------------------------
LEXICON |= _many(
    "lvef|ef|ejection fraction|lv ejection fraction|left ventricular ejection fraction|"
    "lv ef|biplane ef|biplane lvef|simpson's ef|simpsons ef|ef biplane|lvef biplane|"
    "3d ef|3d lvef|ejection fraction by simpson's|ejection fraction by simpsons|"
    "calculated ef|estimated ef|visual ef|eyeball ef",
    _m("ef", c.LV, c.SYSTOLIC),
)
LEXICON |= _many(
    "lvidd|lvid d|lvedd|lv edd|lvid diastole|lvidd diastole|lv end diastolic diameter|"
    "left ventricular end diastolic diameter|left ventricular internal diameter in diastole|"
    "lv internal diameter in diastole|lv end diastolic dimension|"
    "left ventricular end diastolic dimension|lv diastolic diameter|lvid",
    _m("lvidd", c.LV, c.SIZE),
)
LEXICON |= _many(
    "lvids|lvid s|lvesd|lv esd|lv end systolic diameter|lv end systolic dimension|"
    "left ventricular end systolic diameter|left ventricular end systolic dimension",
    _m("lvids", c.LV),
)
LEXICON |= _many(
    "ivsd|ivs d|ivsd diastole|septal thickness|interventricular septal thickness|"
    "interventricular septum thickness|septal wall thickness|septum thickness|ivs thickness|"
    "septal wall",
    _m("ivs", c.LV, c.WALL),
)
LEXICON |= _many("ivs|septal|septum", _m("ivs", c.LV))
LEXICON |= _many(
    "lvpwd|lvpw d|lvpwd diastole|posterior wall thickness|"
    "lv posterior wall thickness|posterior wall thicknesses|"
    "left ventricular posterior wall thickness|inferolateral wall thickness",
    _m("lvpw", c.LV, c.WALL),
)
LEXICON |= _many("lvpw|pwd|posterior wall|lv posterior wall|pw", _m("lvpw", c.LV))
LEXICON |= _many("rwt|relative wall thickness", _m("rwt", c.LV))
LEXICON |= _many(
    "lv mass index|lvmi|lv mass|left ventricular mass index|lv mass indexed",
    _m("lv_mass_index", c.LV),
)
LEXICON |= _many(
    "lavi|la volume index|la vol index|lavi biplane|left atrial volume index|"
    "indexed la volume|indexed left atrial volume|la volume indexed|la volume i|lavol index|"
    "la volume bsa|la vol bsa|left atrial volume indexed|la volume indexed to bsa|"
    "left atrial volume indexed to bsa|la volume indexed to body surface area|"
    "left atrial volume indexed to body surface area|la volume/bsa|la vol/bsa",
    _m("lavi", c.LA, c.SIZE),
)
LEXICON |= _many(
    "la volume|left atrial volume|la vol|la biplane volume|la volume biplane",
    _m("la_volume", c.LA, c.SIZE),
)
LEXICON |= _many(
    "la diameter|la dimension|left atrial diameter|left atrial dimension|la ap diameter|la size",
    _m("la_diameter", c.LA, c.SIZE),
)
LEXICON |= _many(
    "ra volume index|ravi|right atrial volume index|ra area|right atrial area",
    _m("ra_size", c.RA, c.SIZE),
)
LEXICON |= _many(
    "rv basal diameter|rv basal dimension|rvd1|basal rv diameter|rv base|rvidd|"
    "right ventricular basal diameter|rv diameter|rv dimension|basal rv dimension",
    _m("rv_basal", c.RV, c.SIZE),
)
LEXICON |= _many(
    "tapse|tricuspid annular plane systolic excursion|tricuspid annular systolic excursion",
    _m("tapse", c.RV, c.SYSTOLIC),
)
LEXICON |= _many(
    "fac|rv fac|fractional area change|rv fractional area change",
    _m("rv_fac", c.RV, c.SYSTOLIC),
)
LEXICON |= _many(
    "rv s|rv s'|tricuspid s|tricuspid annular s|s' tricuspid|rv s prime|tricuspid s'|"
    "rv tdi s|tdi s'|rv sm|s wave",
    _m("rv_s_prime", c.RV, c.SYSTOLIC),
)
LEXICON |= _many(
    "peak velocity|peak vel|vmax|v max|peak jet velocity|velocity|avmax|av max|"
    "max velocity|maximum velocity|peak systolic velocity",
    _m("vmax"),
)
LEXICON |= _many(
    "peak aortic velocity|aortic peak velocity|av vmax|av peak velocity|av peak vel|"
    "aortic vmax|aortic jet velocity|peak transaortic velocity|transaortic velocity|av vel|"
    "peak av velocity|peak aortic valve velocity|aortic valve peak velocity|"
    "peak aortic jet velocity|aortic valve vmax|av max velocity",
    _m("vmax", c.AV),
)
LEXICON |= _many(
    "mean gradient|mean pressure gradient|mean pg|mpg|mean transaortic gradient|"
    "av mean gradient|mean av gradient|mean aortic gradient|aortic mean gradient|"
    "av mean pg|mean grad|mean transmitral gradient|mv mean gradient|mean mitral gradient|"
    "mitral mean gradient|mean diastolic gradient|mean transvalvular gradient|mean|mean pressure",
    _m("mean_gradient"),
)
LEXICON |= _many(
    "peak gradient|peak pressure gradient|peak pg|max pg|ppg|maximum gradient|"
    "max gradient|peak instantaneous gradient|av peak gradient|peak transaortic gradient",
    _m("peak_gradient"),
)
LEXICON |= _many(
    "ava|aortic valve area|av area|ava vti|ava continuity|ava by continuity|"
    "valve area by continuity|aortic valve area by continuity",
    _m("ava", c.AV, c.STENOSIS),
)
LEXICON |= _many(
    "mva|mitral valve area|mv area|mva by pht|mva planimetry|mitral valve orifice area",
    _m("mva", c.MV, c.STENOSIS),
)
LEXICON |= _many(
    "eroa|ero|effective regurgitant orifice area|effective regurgitant orifice|pisa eroa",
    _m("eroa"),
)
LEXICON |= _many("regurgitant volume|rvol|r vol|regurgitant vol", _m("regurgitant_volume"))
LEXICON |= _many("regurgitant fraction|rf", _m("regurgitant_fraction"))
LEXICON |= _many("vena contracta|vc|vena contracta width|vcw", _m("vena_contracta"))
LEXICON |= _many(
    "pressure half time|p1/2t|pht|half time|pressure halftime|ar pht|ar pressure half time",
    _m("pht"),
)
LEXICON |= _many(
    "tr velocity|tr vmax|tr peak velocity|peak tr velocity|trv|tr max velocity|trvmax|"
    "tricuspid regurgitant velocity|tricuspid regurgitation velocity|peak tricuspid velocity|"
    "tr jet velocity|tricuspid regurgitant jet velocity|tr v max|peak tr vel|tr vel|tr max|"
    "tricuspid regurgitant peak velocity|maximal tr velocity|maximum tr velocity|"
    "tricuspid jet velocity|tr peak vel|velocity of the tr jet|tr jet vmax",
    _m("trv", c.TV),
)
LEXICON |= _many(
    "rv ra gradient|rv ra pressure gradient|rv to ra gradient|tr gradient|tr peak gradient|"
    "peak tr gradient|tricuspid regurgitant gradient|tricuspid gradient|tr pg|"
    "tr maxpg|rv ra pg|transtricuspid gradient|tr max pg|right ventricle to right atrium gradient",
    _m("rv_ra_gradient", c.TV),
)
LEXICON |= _many(
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
LEXICON |= _many(
    "rap|ra pressure|right atrial pressure|rap estimate|estimated rap|estimated ra pressure|"
    "estimated right atrial pressure|ra pressure estimate|rap estimated|cvp|"
    "central venous pressure|mean ra pressure|mean right atrial pressure",
    _m("rap", c.RA, c.PRESSURE),
)
LEXICON |= _many(
    "ivc diameter|ivc size|ivc dimension|ivc max|ivc maximum diameter|ivc diam|"
    "inferior vena cava diameter|ivc measures|ivc measured",
    _m("ivc_diameter", c.IVC),
)
LEXICON |= _many(
    "aortic root diameter|aortic root dimension|ao root|aortic root size|root diameter|"
    "sinus of valsalva diameter|aortic sinus diameter|sov|aortic root at the sinuses|"
    "aortic root measures|aortic root measured|ao root diameter|aortic root diam",
    _m("aortic_root", c.ROOT, c.SIZE),
)
LEXICON |= _many(
    "ascending aorta diameter|ascending aortic diameter|asc ao|ascending ao|"
    "proximal ascending aorta",
    _m("ascending_aorta"),
)
LEXICON |= _many(
    "e/e'|e/e|average e/e'|average e/e|e/e' average|e/e' ratio|e/e ratio|mean e/e'|"
    "avg e/e'|e/e' avg|e to e' ratio|e e' ratio|e e'|e/e prime|average e e'|e/em|e/e' mean",
    _m("e_over_e_prime", c.LV, c.DIASTOLIC),
)
LEXICON |= _many(
    "septal e'|septal e|e' septal|e septal|septal e prime|medial e'|e' medial|"
    "septal tdi e'|septal em|septal e' velocity",
    _m("septal_e_prime", c.LV, c.DIASTOLIC),
)
LEXICON |= _many(
    "lateral e'|lateral e|e' lateral|e lateral|lateral e prime|lateral tdi e'|lateral em|"
    "lateral e' velocity",
    _m("lateral_e_prime", c.LV, c.DIASTOLIC),
)
LEXICON |= _many(
    "e/a|e/a ratio|e a ratio|mitral e/a|mv e/a|e:a|e:a ratio|e to a ratio",
    _m("e_over_a", c.LV, c.DIASTOLIC),
)
LEXICON |= _many(
    "mitral e|e wave|mv e|e velocity|mitral e velocity|peak e|e wave velocity|mv e velocity|e vel",
    _m("e_wave", c.LV, c.DIASTOLIC),
)
LEXICON |= _many(
    "pericardial effusion depth|effusion depth|effusion measures|effusion measuring|"
    "echo free space|echo-free space|effusion size",
    _m("effusion_depth", c.PERICARDIUM, c.EFFUSION),
)
LEXICON |= _many("bsa|body surface area|bsa mosteller", _m("bsa"))
LEXICON |= _many("height|ht|patient height", _m("height"))
LEXICON |= _many("weight|wt|patient weight|body weight", _m("weight"))

# --- clause boundaries -----------------------------------------------------------------
LEXICON |= _many(
    ";|but|however|although|though|whereas|while|with|which|except|apart from|"
    "other than|and is|and are|and has|and the|and there is|and there are|as well as",
    Term(BARRIER),
)
LEXICON |= _many(",|and|also|plus|(|)", Term(WEAK))

# Grade words whose meaning depends on what they describe: "small effusion" is mild,
# "small LV cavity" is not dilated; "trace MR" is normal (EchoQA convention).
GRADE_BY_ATTRIBUTE: dict[str, dict[str, str]] = {
    "small": {c.EFFUSION: MILD, c.SIZE: NORMAL},
    "tiny": {c.EFFUSION: MILD},
    "large": {c.EFFUSION: SEVERE},
    "very large": {c.EFFUSION: SEVERE},
    "large sized": {c.EFFUSION: SEVERE},
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
# Units follow numbers in every language, so they count neither way.
UNIT_WORDS = frozenset("cm mm m s ms msec sec mmhg hg ml mls kg g lb lbs bpm".split())
