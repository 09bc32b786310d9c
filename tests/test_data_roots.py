"""The lumbosacral nerve roots and radicular conditions: the facts a clinician relies on.

Each assertion is a fact of the clinical brief (shared/ROOTS.md): the dermatomes
after Lee et al. 2008, the ISNCSCI key sensory points and key muscles, the saddle
roots as a cauda equina red flag, and the ICD-10-CM codes of the new conditions.
Each is checked against the loaded library, so that an edit which moves a
dermatome, swaps a key muscle, draws a lumbar root on the back or loosens a code
fails here.
"""

from __future__ import annotations

from itertools import pairwise

import pytest
from clinical import landmark

from trigger_points.geometry import resolve
from trigger_points.library import Library
from trigger_points.model import NerveRoot, ViewName

LUMBAR = ("l1", "l2", "l3", "l4", "l5")


def dermatome(library: Library, root_id: str) -> set[str]:
    """The drawn regions of a root's dermatome on the right side, by region id."""
    root = library.nerve_root(root_id)
    drawn: set[str] = set()
    for text in root.dermatome:
        region = text.removesuffix(":both")
        key = region if library.region(region).laterality == "midline" else f"{region}:right"
        drawn |= {leaf.region for leaf in library.leaves(key)}
    return drawn


def key_point(library: Library, root: NerveRoot, view_id: ViewName) -> tuple[float, float]:
    """Where the root's key sensory point is marked on a view."""
    marks = {mark.id: mark.at for mark in library.view(view_id).landmarks}
    return resolve(root.key_point_positions[view_id], marks)


def test_the_nine_roots_in_order(library: Library) -> None:
    roots = library.nerve_roots
    assert [r.id for r in roots] == ["l1", "l2", "l3", "l4", "l5", "s1", "s2", "s3", "s4_s5"]
    assert [r.name for r in roots] == ["L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4-S5"]


# --- Dermatomes (Lee et al. 2008) -------------------------------------------------


def test_l1_is_the_groin_band(library: Library) -> None:
    assert dermatome(library, "l1") == {"groin"}


def test_l2_is_the_upper_front_and_inner_thigh(library: Library) -> None:
    drawn = dermatome(library, "l2")
    assert {"anterior_thigh_upper", "medial_thigh_upper"} <= drawn
    assert not drawn & {"medial_knee", "groin", "anterior_thigh_lower", "medial_thigh_lower"}


def test_l3_runs_from_the_lower_inner_thigh_to_the_inner_knee(library: Library) -> None:
    drawn = dermatome(library, "l3")
    assert {"medial_thigh_lower", "medial_knee"} <= drawn
    assert "medial_leg" not in drawn


def test_l4_is_the_inner_leg_to_the_medial_malleolus(library: Library) -> None:
    drawn = dermatome(library, "l4")
    assert {"medial_leg", "medial_ankle"} <= drawn
    # Not the great toe (L5 in Lee's map), nor the thigh as some older maps draw it.
    assert not drawn & {"foot_dorsum", "foot_medial", "lateral_thigh_upper", "lateral_thigh_lower"}


def test_l5_is_the_outer_leg_and_the_top_of_the_foot(library: Library) -> None:
    drawn = dermatome(library, "l5")
    assert {"lateral_leg", "foot_dorsum"} <= drawn
    # The heel and the outer border of the foot are S1, the inner leg L4.
    assert not drawn & {"heel", "foot_lateral", "medial_leg"}


def test_s1_is_the_outer_border_of_the_foot_and_the_heel(library: Library) -> None:
    drawn = dermatome(library, "s1")
    assert {"foot_lateral", "heel"} <= drawn
    assert not drawn & {"foot_dorsum", "medial_leg", "lateral_leg"}


def test_s2_is_the_back_of_the_thigh_to_the_popliteal_fossa(library: Library) -> None:
    drawn = dermatome(library, "s2")
    assert {"posterior_thigh_upper", "posterior_thigh_lower", "popliteal"} <= drawn
    assert not drawn & {"heel", "foot_lateral", "calf_lower"}


def test_s3_is_the_gluteal_fold(library: Library) -> None:
    assert "gluteal_fold" in dermatome(library, "s3")


@pytest.mark.parametrize("root_id", LUMBAR)
def test_no_lumbar_root_is_drawn_on_the_back(library: Library, root_id: str) -> None:
    groups = {library.region(region).group for region in dermatome(library, root_id)}
    assert "low_back" not in groups
    assert not dermatome(library, root_id) & {"sacroiliac", "buttock_upper", "buttock_mid"}


def test_neighbouring_roots_do_not_share_a_consistent_area(library: Library) -> None:
    roots = [r.id for r in library.nerve_roots]
    for upper, lower in pairwise(roots):
        assert not dermatome(library, upper) & dermatome(library, lower), (upper, lower)


# --- The saddle -----------------------------------------------------------------


def test_the_saddle_is_the_emergency_root_on_the_midline(library: Library) -> None:
    saddle = library.nerve_root("s4_s5")
    assert saddle.emergency
    assert "anal" in dermatome(library, "s4_s5")
    assert {library.region(r).laterality for r in dermatome(library, "s4_s5")} == {"midline"}
    assert "cauda equina" in (saddle.notes or "").lower()
    assert any(c.source == "finucane_2020" for c in saddle.sources)


@pytest.mark.parametrize("root_id", [*LUMBAR, "s1", "s2"])
def test_no_limb_root_is_flagged_as_an_emergency(library: Library, root_id: str) -> None:
    assert not library.nerve_root(root_id).emergency


# --- Key points, key muscles and reflexes (ISNCSCI) ----------------------------------


def test_key_points_name_the_isncsci_landmarks(library: Library) -> None:
    expected = {
        "l2": "medial femoral condyle",
        "l3": "medial femoral condyle",
        "l4": "medial malleolus",
        "l5": "third metatarsophalangeal joint",
        "s1": "heel",
        "s2": "popliteal fossa",
        "s3": "ischial tuberosity",
        "s4_s5": "anus",
    }
    for root_id, words in expected.items():
        assert words in library.nerve_root(root_id).key_point.lower(), root_id
    assert "inguinal ligament" in library.nerve_root("l1").key_point.lower()
    assert "lateral" in library.nerve_root("s1").key_point.lower()


def test_key_muscles_and_the_movements_they_test(library: Library) -> None:
    expected = {
        "l2": ("iliopsoas", "hip flexion"),
        "l3": ("quadriceps", "knee extension"),
        "l4": ("tibialis anterior", "dorsiflexion"),
        "l5": ("extensor hallucis longus", "great-toe extension"),
        "s1": ("gastrocnemius", "plantar flexion"),
    }
    for root_id, (muscle, movement) in expected.items():
        text = (library.nerve_root(root_id).key_muscle or "").lower()
        assert muscle in text and movement in text, root_id
    for root_id in ("l1", "s2", "s3", "s4_s5"):
        assert library.nerve_root(root_id).key_muscle is None, root_id


def test_reflexes_only_where_reliable(library: Library) -> None:
    assert "patellar" in (library.nerve_root("l3").reflex or "").lower()
    assert "patellar" in (library.nerve_root("l4").reflex or "").lower()
    assert "achilles" in (library.nerve_root("s1").reflex or "").lower()
    # The medial hamstring reflex (L5) and the anal wink are not reliable root tests.
    for root_id in ("l1", "l2", "l5", "s2", "s3", "s4_s5"):
        assert library.nerve_root(root_id).reflex is None, root_id


def test_disc_levels_follow_the_traversing_root(library: Library) -> None:
    assert "L4-L5" in (library.nerve_root("l5").disc_level or "")
    assert "L5-S1" in (library.nerve_root("s1").disc_level or "")
    assert "L3-L4" in (library.nerve_root("l4").disc_level or "")
    assert (library.nerve_root("l5").disc_level or "").startswith("A posterolateral L4-L5")
    assert (library.nerve_root("l4").disc_level or "").startswith("A posterolateral L3-L4")


def test_key_points_are_marked_where_isncsci_puts_them(library: Library) -> None:
    l4 = library.nerve_root("l4")
    assert key_point(library, l4, "anterior") == landmark(library, "anterior", "medial_malleolus")
    l5 = library.nerve_root("l5")
    assert key_point(library, l5, "anterior") == landmark(library, "anterior", "metatarsal_heads")
    # S1 on the heel: below the lateral malleolus in the back view.
    s1 = library.nerve_root("s1")
    x, y = key_point(library, s1, "posterior")
    malleolus = landmark(library, "posterior", "lateral_malleolus")
    assert y > malleolus[1] and abs(x - malleolus[0]) < 10
    # S2 at the knee crease, S3 at or just below the sitting bone, the saddle by the anus.
    s2 = key_point(library, library.nerve_root("s2"), "posterior")
    assert abs(s2[1] - landmark(library, "posterior", "knee_joint_line")[1]) < 5
    s3 = key_point(library, library.nerve_root("s3"), "posterior")
    tuberosity = landmark(library, "posterior", "ischial_tuberosity")
    assert abs(s3[0] - tuberosity[0]) < 5 and 0 <= s3[1] - tuberosity[1] < 30
    saddle = key_point(library, library.nerve_root("s4_s5"), "posterior")
    assert abs(saddle[0] - 200) < 8
    # L1 lies above L2 on the thigh, L2 above L3 at the knee; all on the right (x < 200).
    l1, l2, l3 = (key_point(library, library.nerve_root(r), "anterior") for r in ("l1", "l2", "l3"))
    assert l1[1] < l2[1] < l3[1]
    assert all(p[0] < 200 for p in (l1, l2, l3))


def test_every_root_cites_the_dermatome_map_or_the_standard(library: Library) -> None:
    for root in library.nerve_roots:
        cited = {c.source for c in root.sources}
        assert "lee_2008" in cited, root.id
        assert "isncsci_2019" in cited, root.id


def test_the_pain_drawing_evidence_is_cited_where_it_matters(library: Library) -> None:
    s1 = {c.source for c in library.nerve_root("s1").sources}
    assert "murphy_2009" in s1
    l5 = library.nerve_root("l5")
    assert {"albert_2019", "deville_2000"} <= {c.source for c in l5.sources}
    # The straight-leg raise figures come with the warning about surgical series.
    assert "0.91" in (l5.notes or "") and "surgical" in (l5.notes or "")
    assert "downs_2011" in {c.source for c in library.nerve_root("l4").sources}


# --- Sources and conditions ------------------------------------------------------------


def test_the_root_sources_are_in_the_bibliography(library: Library) -> None:
    assert library.source("lee_2008").journal == "Clinical Anatomy"
    assert library.source("lee_2008").pages == "363-373"
    assert library.source("murphy_2009").doi == "10.1186/1746-1340-17-9"
    assert library.source("deville_2000").pages == "1140-1147"
    assert library.source("downs_2011").volume == "41"
    assert library.source("albert_2019").volume == "27"
    assert library.source("isncsci_2019").publisher == "American Spinal Injury Association"


@pytest.mark.parametrize(
    ("condition_id", "codes"),
    [
        ("lumbar_radiculopathy", ("M54.16", "M54.17")),
        ("disc_disorder_with_radiculopathy", ("M51.16", "M51.17")),
        ("cauda_equina_syndrome", ("G83.4",)),
    ],
)
def test_radicular_conditions_carry_exactly_their_codes(
    library: Library, condition_id: str, codes: tuple[str, ...]
) -> None:
    condition = library.condition(condition_id)
    assert tuple(condition.icd10cm) == codes
    assert "icd10cm_fy2026" in {c.source for c in condition.sources}
    assert len(condition.sources) >= 2


def test_cauda_equina_is_described_as_an_emergency(library: Library) -> None:
    condition = library.condition("cauda_equina_syndrome")
    assert "emergency" in condition.description.lower()
    assert "finucane_2020" in {c.source for c in condition.sources}


def test_sciatica_codes_are_unchanged(library: Library) -> None:
    assert tuple(library.condition("sciatica").icd10cm) == ("M54.30", "M54.31", "M54.32")
    assert tuple(library.condition("lumbago_with_sciatica").icd10cm) == (
        "M54.40",
        "M54.41",
        "M54.42",
    )
