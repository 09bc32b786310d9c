"""The gluteal, hip and pelvic floor muscles: the clinical facts a therapist relies on.

Each assertion is a fact of the clinical brief (shared/CONTENT.md, Travell &
Simons vol. 2 ch. 6, 7, 9, 10, 12 and 16) checked against the loaded library,
so that an edit which moves a referral zone, drops a hazard or loosens the
pelvic floor's specialist-only rule fails here.
"""

from __future__ import annotations

import pytest

from trigger_points.geometry import contains, resolve
from trigger_points.library import Library
from trigger_points.model import Citation, Muscle

TRAVELL_SIMONS_CHAPTERS = {
    "gluteus_maximus": ("ts_vol2", "7"),
    "gluteus_minimus": ("ts_vol2", "9"),
    "short_lateral_rotators": ("ts_vol2", "10"),
    "tensor_fasciae_latae": ("ts_vol2", "12"),
    "levator_ani": ("ts_vol2", "6"),
    "coccygeus": ("ts_vol2", "6"),
    "hamstrings": ("ts_vol2", "16"),
}

MUSCLES = sorted(TRAVELL_SIMONS_CHAPTERS)

LEG_REGIONS = {
    "lateral_thigh",
    "lateral_knee",
    "lateral_leg",
    "lateral_ankle",
    "posterior_thigh_upper",
    "posterior_thigh_lower",
    "popliteal",
    "calf",
}


def zones(muscle: Muscle, local_id: str) -> tuple[set[str], set[str]]:
    point = next(p for p in muscle.trigger_points if p.local_id == local_id)
    return set(point.essential), set(point.spillover)


def whole_zone(muscle: Muscle, local_id: str) -> set[str]:
    essential, spillover = zones(muscle, local_id)
    return essential | spillover


def hazard_text(muscle: Muscle) -> str:
    return " ".join(f"{h.structure} {h.risk}" for h in muscle.needling.hazards).lower()


def cites(citations: tuple[Citation, ...], source: str, chapter: str) -> bool:
    return any(c.source == source and c.chapter == chapter for c in citations)


# --- Every muscle --------------------------------------------------------------


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_each_muscle_cites_its_chapter_everywhere(library: Library, muscle_id: str) -> None:
    source, chapter = TRAVELL_SIMONS_CHAPTERS[muscle_id]
    muscle = library.muscle(muscle_id)
    assert cites(muscle.sources, source, chapter)
    assert cites(muscle.needling.sources, source, chapter)
    for point in muscle.trigger_points:
        assert cites(point.sources, source, chapter), point.id
    for care in muscle.self_care:
        assert cites(care.sources, source, chapter), care.name
    assert any(c.source == "gray_42" for c in muscle.sources)
    assert any(c.source == "uberon" for c in muscle.sources)


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_each_muscle_is_drawn_and_every_point_is_placed(library: Library, muscle_id: str) -> None:
    muscle = library.muscle(muscle_id)
    assert muscle.outlines, muscle_id
    for point in muscle.trigger_points:
        assert point.positions, point.id
        for view_id, position in point.positions.items():
            assert view_id in muscle.outlines, (point.id, view_id)
            view = library.view(view_id)
            landmarks = {landmark.id: landmark.at for landmark in view.landmarks}
            assert contains(muscle.outlines[view_id], resolve(position, landmarks)), (
                point.id,
                view_id,
            )


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_outlines_are_written_for_the_right_side(library: Library, muscle_id: str) -> None:
    outlines = library.muscle(muscle_id).outlines
    if "posterior" in outlines:
        assert all(x >= 200 for x, _ in outlines["posterior"]), "right is x > 200 from behind"
    if "anterior" in outlines:
        assert all(x <= 200 for x, _ in outlines["anterior"]), "right is x < 200 from the front"


@pytest.mark.parametrize("muscle_id", MUSCLES)
def test_anatomy_ids_come_from_the_brief(library: Library, muscle_id: str) -> None:
    expected = {
        "gluteus_maximus": {"UBERON:0001370", "FMA:22314"},
        "gluteus_minimus": {"UBERON:0008521", "FMA:22317"},
        "short_lateral_rotators": {
            "UBERON:0019203",
            "FMA:22318",
            "UBERON:0019202",
            "FMA:22320",
            "UBERON:0011048",
            "FMA:22298",
            "UBERON:0008537",
            "FMA:22321",
        },
        "tensor_fasciae_latae": {"UBERON:0001376", "FMA:22423"},
        "levator_ani": {"UBERON:0001326", "FMA:19087"},
        "coccygeus": {"UBERON:0001327", "FMA:19088"},
        "hamstrings": {
            "UBERON:0001375",
            "FMA:22357",
            "UBERON:0001381",
            "FMA:22438",
            "UBERON:0001374",
            "FMA:22356",
        },
    }
    assert set(library.muscle(muscle_id).anatomy_ids) == expected[muscle_id]


def test_only_the_pelvic_floor_is_specialist_only(library: Library) -> None:
    for muscle_id in MUSCLES:
        needling = library.muscle(muscle_id).needling
        expected = muscle_id in {"levator_ani", "coccygeus"}
        assert needling.specialist_only is expected, muscle_id


# --- Gluteus maximus (ch. 7) ---------------------------------------------------


def test_gluteus_maximus_three_points_and_their_zones(library: Library) -> None:
    muscle = library.muscle("gluteus_maximus")
    assert {p.local_id for p in muscle.trigger_points} == {"trp1", "trp2", "trp3"}
    assert muscle.innervation.nerve == "Inferior gluteal nerve"
    assert muscle.innervation.roots == "L5-S2"
    # TrP1: a crescent from the sacroiliac joint beside the cleft to the fold.
    assert {"sacroiliac", "gluteal_fold"} <= zones(muscle, "trp1")[0]
    # TrP2: the whole buttock and the lower sacrum, but not the coccyx.
    trp2 = zones(muscle, "trp2")[0]
    assert {"buttock_upper", "buttock_lower", "buttock_lateral", "sacrum"} <= trp2
    assert "coccyx" not in whole_zone(muscle, "trp2")
    # TrP3: the coccyx.
    assert zones(muscle, "trp3")[0] == {"coccyx"}
    # The buttock muscle's pain stays above the knee.
    for point in muscle.trigger_points:
        assert not set(point.essential) & (LEG_REGIONS - {"posterior_thigh_upper"}), point.id


def test_gluteus_maximus_points_lie_where_the_brief_puts_them(library: Library) -> None:
    view = library.view("posterior")
    landmarks = {landmark.id: landmark.at for landmark in view.landmarks}
    muscle = library.muscle("gluteus_maximus")
    where = {
        p.local_id: resolve(p.positions["posterior"], landmarks) for p in muscle.trigger_points
    }
    # TrP1 beside the sacrum, level with the sacroiliac joint, medial to the PSIS.
    assert where["trp1"][0] < landmarks["psis"][0]
    assert landmarks["psis"][1] < where["trp1"][1] < landmarks["coccyx"][1]
    # TrP2 just above the ischial tuberosity.
    assert abs(where["trp2"][0] - landmarks["ischial_tuberosity"][0]) < 12
    assert (
        landmarks["ischial_tuberosity"][1] - 30
        < where["trp2"][1]
        < landmarks["ischial_tuberosity"][1]
    )
    # TrP3 the lowest and most medial.
    assert where["trp3"][1] > where["trp2"][1] and where["trp3"][0] < where["trp2"][0]


def test_gluteus_maximus_hazards_and_mimics(library: Library) -> None:
    muscle = library.muscle("gluteus_maximus")
    hazards = hazard_text(muscle)
    assert "sciatic nerve" in hazards
    assert "inferior gluteal" in hazards
    assert "pudendal" in hazards
    assert {"sacroiliac_joint_pain", "coccydynia"} <= set(muscle.mimics)
    assert "pain_on_sitting" in muscle.conditions
    assert any("opposite shoulder" in care.name.lower() for care in muscle.self_care)


# --- Gluteus minimus (ch. 9) ---------------------------------------------------


def test_gluteus_minimus_anterior_points_refer_down_the_side_of_the_leg(library: Library) -> None:
    muscle = library.muscle("gluteus_minimus")
    essential, spillover = zones(muscle, "anterior")
    assert {"buttock_lateral", "lateral_thigh", "lateral_knee", "lateral_leg"} <= essential
    assert "lateral_ankle" in essential | spillover
    # Down the outer side, not the back, of the leg.
    assert not (essential | spillover) & {"posterior_thigh_upper", "posterior_thigh_lower", "calf"}
    assert library.trigger_point("gluteus_minimus.anterior").depth == "deep"


def test_gluteus_minimus_posterior_points_refer_down_the_back_of_the_leg(library: Library) -> None:
    muscle = library.muscle("gluteus_minimus")
    essential = zones(muscle, "posterior")[0]
    assert {"buttock_lower", "posterior_thigh_upper", "calf"} <= essential
    assert not whole_zone(muscle, "posterior") & {"lateral_leg", "lateral_ankle"}


def test_gluteus_minimus_points_are_placed_by_their_landmarks(library: Library) -> None:
    anterior = library.trigger_point("gluteus_minimus.anterior").positions["lateral"]
    assert set(anterior.between or ()) == {"asis", "greater_trochanter"}
    posterior = library.trigger_point("gluteus_minimus.posterior").positions["posterior"]
    assert set(posterior.between or ()) == {"sciatic_notch", "greater_trochanter"}
    assert posterior.offset[1] < 0, "the posterior points lie above the piriformis line"
    assert {"posterior", "lateral"} <= set(library.muscle("gluteus_minimus").outlines)


def test_gluteus_minimus_is_the_pseudo_sciatica_muscle(library: Library) -> None:
    muscle = library.muscle("gluteus_minimus")
    assert "pseudo_sciatica" in muscle.conditions
    assert {"sciatica", "lumbar_disc_disease"} <= set(muscle.mimics)
    assert muscle.innervation.nerve == "Superior gluteal nerve"
    assert muscle.innervation.roots == "L4-S1"
    hazards = hazard_text(muscle)
    assert "superior gluteal" in hazards and "sciatic nerve" in hazards


# --- Short lateral rotators (ch. 10, obturator internus also ch. 6) ----------


def test_short_lateral_rotators_names_and_zones(library: Library) -> None:
    muscle = library.muscle("short_lateral_rotators")
    aliases = {alias.lower() for alias in muscle.aliases}
    assert {
        "superior gemellus",
        "inferior gemellus",
        "obturator internus",
        "quadratus femoris",
    } <= aliases
    for point in muscle.trigger_points:
        assert "buttock_lower" in point.essential, point.id
        assert point.depth == "deep"
    # Obturator internus also refers to the anococcygeal region and the back of the thigh.
    essential, spillover = zones(muscle, "obturator_internus")
    assert "coccyx" in essential
    assert "posterior_thigh_upper" in essential | spillover
    assert cites(
        library.trigger_point("short_lateral_rotators.obturator_internus").sources, "ts_vol2", "6"
    )


def test_short_lateral_rotators_lie_below_piriformis_over_the_sciatic_nerve(
    library: Library,
) -> None:
    muscle = library.muscle("short_lateral_rotators")
    piriformis = library.muscle("piriformis")
    lowest_piriformis = min(y for _, y in piriformis.outlines["posterior"])
    assert min(y for _, y in muscle.outlines["posterior"]) > lowest_piriformis
    assert "sciatic nerve" in hazard_text(muscle)
    assert "pudendal" in hazard_text(muscle)
    assert "piriformis_syndrome" in muscle.conditions
    assert "sciatica" in muscle.mimics


# --- Tensor fasciae latae (ch. 12) --------------------------------------------


def test_tensor_fasciae_latae_referral_and_hazard(library: Library) -> None:
    muscle = library.muscle("tensor_fasciae_latae")
    essential, spillover = zones(muscle, "trp")
    assert {"greater_trochanter", "lateral_thigh"} <= essential
    assert "lateral_knee" in essential | spillover
    assert not (essential | spillover) & {"lateral_leg", "lateral_ankle", "calf"}, (
        "stops at the knee"
    )
    assert "trochanteric_bursitis" in muscle.mimics
    assert "lateral femoral cutaneous" in hazard_text(muscle)
    assert muscle.innervation.nerve == "Superior gluteal nerve"
    assert {"lateral", "anterior"} <= set(muscle.outlines)
    position = library.trigger_point("tensor_fasciae_latae.trp").positions["anterior"]
    assert position.at == "asis" and position.offset[1] > 0, "in the upper third, below the ASIS"


# --- Levator ani and coccygeus (ch. 6) ----------------------------------------


@pytest.mark.parametrize("muscle_id", ["levator_ani", "coccygeus"])
def test_pelvic_floor_refers_to_coccyx_and_sacrum(library: Library, muscle_id: str) -> None:
    muscle = library.muscle(muscle_id)
    for point in muscle.trigger_points:
        assert {"coccyx", "sacrum"} <= set(point.essential), point.id
        assert "perineum" in set(point.essential) | set(point.spillover), point.id
        assert point.depth == "deep"
    assert {"coccydynia", "levator_ani_syndrome"} <= set(muscle.mimics)
    assert "pain_on_sitting" in muscle.conditions
    assert muscle.group == "pelvic_floor"


@pytest.mark.parametrize("muscle_id", ["levator_ani", "coccygeus"])
def test_pelvic_floor_is_for_specialists_only(library: Library, muscle_id: str) -> None:
    needling = library.muscle(muscle_id).needling
    assert needling.specialist_only is True
    approach = needling.approach.lower()
    assert "internally" in approach
    assert "pelvic-health specialists" in approach
    hazards = hazard_text(library.muscle(muscle_id))
    assert "rectum" in hazards and "pudendal" in hazards
    assert "bladder" in hazards


def test_levator_ani_hazards_include_the_vagina(library: Library) -> None:
    assert "vagina" in hazard_text(library.muscle("levator_ani"))


# --- Hamstrings (ch. 16) -------------------------------------------------------


def test_hamstrings_medial_refer_up_to_the_gluteal_fold(library: Library) -> None:
    muscle = library.muscle("hamstrings")
    essential, spillover = zones(muscle, "medial")
    assert {"gluteal_fold", "buttock_lower"} <= essential
    assert {"posterior_thigh_upper", "calf"} <= spillover
    assert "popliteal" not in essential


def test_hamstrings_biceps_refers_to_the_back_of_the_knee(library: Library) -> None:
    muscle = library.muscle("hamstrings")
    essential, spillover = zones(muscle, "lateral")
    assert "popliteal" in essential
    assert {"posterior_thigh_lower", "posterior_thigh_upper"} <= spillover
    aliases = {alias.lower() for alias in muscle.aliases}
    assert {"semitendinosus", "semimembranosus", "biceps femoris"} <= aliases


def test_hamstrings_points_sit_on_their_own_side_of_the_thigh(library: Library) -> None:
    view = library.view("posterior")
    landmarks = {landmark.id: landmark.at for landmark in view.landmarks}
    medial = resolve(library.trigger_point("hamstrings.medial").positions["posterior"], landmarks)
    lateral = resolve(library.trigger_point("hamstrings.lateral").positions["posterior"], landmarks)
    # Posterior view, patient's right: medial is toward the midline (smaller x).
    assert medial[0] < lateral[0]
    assert landmarks["gluteal_fold"][1] < medial[1] < landmarks["knee_joint_line"][1]
    assert landmarks["gluteal_fold"][1] < lateral[1] < landmarks["knee_joint_line"][1]


def test_hamstrings_hazards_and_mimics(library: Library) -> None:
    muscle = library.muscle("hamstrings")
    hazards = hazard_text(muscle)
    assert "sciatic nerve" in hazards
    assert "tibial nerve" in hazards and "popliteal" in hazards
    assert {"sciatica", "hamstring_strain"} <= set(muscle.mimics)


# --- Conditions added for these muscles ---------------------------------------


@pytest.mark.parametrize(
    "condition_id",
    [
        "levator_ani_syndrome",
        "pain_on_sitting",
        "pudendal_neuralgia",
        "hamstring_strain",
        "meralgia_paresthetica",
    ],
)
def test_added_conditions_carry_no_unverified_code(library: Library, condition_id: str) -> None:
    condition = library.condition(condition_id)
    assert condition.icd10cm == ()
    assert condition.description and condition.sources


def test_every_condition_these_muscles_name_exists(library: Library) -> None:
    known = {condition.id for condition in library.conditions}
    for muscle_id in MUSCLES:
        muscle = library.muscle(muscle_id)
        assert set(muscle.conditions) | set(muscle.mimics) <= known, muscle_id
