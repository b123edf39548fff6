"""Finding categories, and how (structure, attribute) pairs in the text map onto them."""

from __future__ import annotations

# The 26 categories in display order, with the names the table shows.
CATEGORIES: dict[str, str] = {
    "lv_systolic": "LV systolic function",
    "lv_cavity": "LV size",
    "lv_wall": "LV wall thickness",
    "lv_diastolic": "LV diastolic function",
    "rv_systolic": "RV systolic function",
    "rv_cavity": "RV size",
    "rv_wall": "RV wall thickness",
    "la_cavity": "LA size",
    "ra_cavity": "RA size",
    "av_stenosis": "Aortic stenosis",
    "av_regurgitation": "Aortic regurgitation",
    "mv_stenosis": "Mitral stenosis",
    "mv_regurgitation": "Mitral regurgitation",
    "tv_stenosis": "Tricuspid stenosis",
    "tv_regurgitation": "Tricuspid regurgitation",
    "pv_regurgitation": "Pulmonic regurgitation",
    "pulmonary_hypertension": "Pulmonary pressure",
    "ra_pressure": "RA pressure",
    "rv_pressure_overload": "RV pressure overload",
    "rv_volume_overload": "RV volume overload",
    "pericardial_effusion": "Pericardial effusion",
    "aortic_root": "Aortic root",
    "ascending_aorta": "Ascending aorta",
    "av_prosthesis": "Aortic prosthesis",
    "mv_prosthesis": "Mitral prosthesis or repair",
    "tv_prosthesis": "Tricuspid prosthesis or repair",
}

# Structures and attributes named in reports. A category is a (structure, attribute) pair.
LV, RV, LA, RA, AV, MV, TV, PV = "lv", "rv", "la", "ra", "av", "mv", "tv", "pv"
ROOT, PERICARDIUM, PA, IVC = "aortic_root", "pericardium", "pa", "ivc"
LVOT = "lvot"  # owns its gradients; no category of its own
BIV, BIATRIAL = "biventricular", "biatrial"
ALL_VALVES = "valves"  # "no significant valvular disease", "Valves: no stenosis"
ASCENDING_AORTA = "ascending_aorta"
ROOT_AND_ASCENDING = "root_and_ascending"  # "the aortic root and ascending aorta"
# A valve replaced or repaired (prosthesis, ring, clip) is its own structure; PROSTHESIS
# is one whose valve the words do not name ("the bioprosthesis"): the report's context
# decides it (analyze.py).
AV_PROSTHESIS, MV_PROSTHESIS, TV_PROSTHESIS = "av_prosthesis", "mv_prosthesis", "tv_prosthesis"
PROSTHESIS = "prosthesis"
VALVE_OF_PROSTHESIS = {AV_PROSTHESIS: "av", MV_PROSTHESIS: "mv", TV_PROSTHESIS: "tv"}
PROSTHESIS_OF_VALVE = {v: p for p, v in VALVE_OF_PROSTHESIS.items()}
RIGHT_HEART, LEFT_HEART, ALL_CHAMBERS = "right_heart", "left_heart", "all_chambers"
OTHER = "other"  # a structure no category covers ("ascending aorta", "pleural effusion")

SIZE, WALL, SYSTOLIC, DIASTOLIC = "size", "wall", "systolic", "diastolic"
STENOSIS, REGURGITATION, EFFUSION, PRESSURE = "stenosis", "regurgitation", "effusion", "pressure"
PRESSURE_OVERLOAD, VOLUME_OVERLOAD = "pressure_overload", "volume_overload"
LESION = "lesion"  # stenosis or regurgitation: "valve disease"
PARAVALVULAR = "paravalvular"  # a leak beside a prosthesis, not through it
ATTRIBUTES = frozenset(
    {SIZE, WALL, SYSTOLIC, DIASTOLIC, STENOSIS, REGURGITATION, EFFUSION, PRESSURE}
    | {PRESSURE_OVERLOAD, VOLUME_OVERLOAD, LESION, PARAVALVULAR}
)

# Words that name two structures at once.
EXPANDS: dict[str, tuple[str, ...]] = {
    BIV: (LV, RV),
    BIATRIAL: (LA, RA),
    RIGHT_HEART: (RV, RA),
    LEFT_HEART: (LV, LA),
    ALL_CHAMBERS: (LV, RV, LA, RA),
    ROOT_AND_ASCENDING: (ROOT, ASCENDING_AORTA),
}
# Every structure a phrase may name: the single ones, and the words for several at once.
STRUCTURES = frozenset(
    {LV, RV, LA, RA, AV, MV, TV, PV, ROOT, PERICARDIUM, PA, IVC, LVOT, OTHER, ALL_VALVES}
    | {ASCENDING_AORTA, PROSTHESIS, *VALVE_OF_PROSTHESIS}
    | set(EXPANDS)
)

# A statement about all valves at once ("no significant valvular disease") is read as
# one of these two findings, then given as normal to each lesion the report does not
# name elsewhere (analyze.py): a named lesion speaks for itself.
ALL_VALVE_STENOSIS, ALL_VALVE_REGURGITATION = "valves_stenosis", "valves_regurgitation"
ALL_VALVE_FINDINGS: dict[str, tuple[str, ...]] = {
    ALL_VALVE_STENOSIS: ("av_stenosis", "mv_stenosis", "tv_stenosis"),
    ALL_VALVE_REGURGITATION: (
        "av_regurgitation",
        "mv_regurgitation",
        "tv_regurgitation",
        "pv_regurgitation",
    ),
}
# A finding about a prosthesis whose valve the sentence does not name; analyze.py gives it
# to the report's one prosthetic valve, or drops it when there is none or several.
UNPLACED_PROSTHESIS = "prosthesis_unplaced"
_ALL_VALVES_BY_ATTRIBUTE = {
    STENOSIS: (ALL_VALVE_STENOSIS,),
    REGURGITATION: (ALL_VALVE_REGURGITATION,),
    LESION: (ALL_VALVE_STENOSIS, ALL_VALVE_REGURGITATION),
}

CATEGORY_OF: dict[tuple[str, str], str] = {
    (LV, SYSTOLIC): "lv_systolic",
    (LV, SIZE): "lv_cavity",
    (LV, WALL): "lv_wall",
    (LV, DIASTOLIC): "lv_diastolic",
    (RV, SYSTOLIC): "rv_systolic",
    (RV, SIZE): "rv_cavity",
    (RV, WALL): "rv_wall",
    (RV, PRESSURE_OVERLOAD): "rv_pressure_overload",
    (RV, VOLUME_OVERLOAD): "rv_volume_overload",
    (RV, PRESSURE): "pulmonary_hypertension",
    (LA, SIZE): "la_cavity",
    (RA, SIZE): "ra_cavity",
    (RA, PRESSURE): "ra_pressure",
    (AV, STENOSIS): "av_stenosis",
    (AV, REGURGITATION): "av_regurgitation",
    (MV, STENOSIS): "mv_stenosis",
    (MV, REGURGITATION): "mv_regurgitation",
    (TV, STENOSIS): "tv_stenosis",
    (TV, REGURGITATION): "tv_regurgitation",
    (PV, REGURGITATION): "pv_regurgitation",
    # "pulmonary regurgitation" names the valve through the artery's adjective.
    (PA, REGURGITATION): "pv_regurgitation",
    # "aortic dilatation" is about the aorta, not the valve.
    (AV, SIZE): "aortic_root",
    (PA, PRESSURE): "pulmonary_hypertension",
    (PERICARDIUM, EFFUSION): "pericardial_effusion",
    (ROOT, SIZE): "aortic_root",
    (ASCENDING_AORTA, SIZE): "ascending_aorta",
    # A prosthesis (or repair) is graded as one finding: its stenosis, its regurgitation,
    # a paravalvular leak and "normal function" all land here; which of them a statement
    # is about is kept beside the grade (model.Finding.prosthesis).
    **{
        (prosthesis, attribute): prosthesis
        for prosthesis in VALVE_OF_PROSTHESIS
        for attribute in (STENOSIS, REGURGITATION, SYSTOLIC, PARAVALVULAR)
    },
    # A paravalvular leak implies a prosthesis: "mild paravalvular aortic regurgitation".
    **{(valve, PARAVALVULAR): p for p, valve in VALVE_OF_PROSTHESIS.items()},
}

# What a bare structure means when a grade word is aimed at it with no attribute
# ("The left ventricle is normal.", "Normal RV."). Valves say nothing by default:
# "normal mitral valve" describes leaflets, not stenosis or regurgitation.
DEFAULT_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    # "Normal cardiac chambers" and "normal right heart" speak of size only.
    ALL_CHAMBERS: (SIZE,),
    RIGHT_HEART: (SIZE,),
    LEFT_HEART: (SIZE,),
    LV: (SIZE, SYSTOLIC),
    RV: (SIZE, SYSTOLIC),
    LA: (SIZE,),
    RA: (SIZE,),
    ROOT: (SIZE,),
    ASCENDING_AORTA: (SIZE,),
    ROOT_AND_ASCENDING: (SIZE,),
    PERICARDIUM: (EFFUSION,),
    # "A normal aortic prosthesis", "well-seated bioprosthesis": its function.
    PROSTHESIS: (SYSTOLIC,),
    **dict.fromkeys(VALVE_OF_PROSTHESIS, (SYSTOLIC,)),
}

# The structure an attribute belongs to when the sentence names none
# ("Systolic function is normal.", "No effusion.", "Concentric hypertrophy.").
DEFAULT_STRUCTURE: dict[str, str] = {
    SYSTOLIC: LV,
    DIASTOLIC: LV,
    WALL: LV,
    EFFUSION: PERICARDIUM,
    PARAVALVULAR: PROSTHESIS,  # "No paravalvular leak."
}


def categories_for(structure: str, attribute: str) -> list[str]:
    """Categories named by a structure (possibly a pair like 'biatrial') and an attribute;
    for all valves at once, the ALL_VALVE_FINDINGS keys."""
    if structure == ALL_VALVES:
        return list(_ALL_VALVES_BY_ATTRIBUTE.get(attribute, ()))
    if structure == PROSTHESIS:
        known = (STENOSIS, REGURGITATION, SYSTOLIC, PARAVALVULAR, LESION)
        return [UNPLACED_PROSTHESIS] if attribute in known else []
    if attribute == LESION:
        return categories_for(structure, STENOSIS) + categories_for(structure, REGURGITATION)
    out = []
    for s in EXPANDS.get(structure, (structure,)):
        cat = CATEGORY_OF.get((s, attribute))
        if cat is not None:
            out.append(cat)
    return out
