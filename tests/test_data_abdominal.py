"""The abdominal obliques and transversus abdominis: the clinical facts a therapist relies on.

Each assertion is a fact of Travell & Simons vol. 1 ch. 49 (and of Gray's
Anatomy for the anatomy and the needling hazards) checked against the loaded
library, so that an edit which moves a referral zone or a point, drops a
hazard or a warning sign, or loses a citation fails here (clinical review,
finding M-RA3). The facts every muscle shares are checked in test_data.py once
this muscle is in its tables.
"""

from __future__ import annotations

from clinical import all_zones, cites, hazard_text, landmark, landmarks, point, where, zones

from trigger_points.geometry import MIDLINE, contains
from trigger_points.library import Library

MUSCLE = "abdominal_obliques"


def _height_of_line(start: tuple[float, float], end: tuple[float, float], x: float) -> float:
    """The height (y) of the straight line from start to end at x."""
    (x0, y0), (x1, y1) = start, end
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0)


# --- Referral ---------------------------------------------------------------------


def test_lower_points_refer_to_the_groin_and_spread_into_the_lower_abdomen(
    library: Library,
) -> None:
    muscle = library.muscle(MUSCLE)
    assert {p.local_id for p in muscle.trigger_points} == {
        "lower_lateral",
        "inguinal",
        "upper_external",
    }
    essential, spillover = zones(muscle, "lower_lateral")
    assert essential == {"groin"}
    assert "lower_abdomen" in spillover
    # The testicle has no region of its own; the point's notes must say so (T&S ch 49).
    assert "testicle" in (point(muscle, "lower_lateral").notes or "")
    assert "groin" in zones(muscle, "inguinal")[0]
    notes = (point(muscle, "inguinal").notes or "").lower()
    assert "urine" in notes or "bladder" in notes


def test_upper_external_oblique_point_refers_to_the_upper_abdomen(library: Library) -> None:
    muscle = library.muscle(MUSCLE)
    essential, _ = zones(muscle, "upper_external")
    assert essential == {"upper_abdomen"}
    assert "heartburn" in (point(muscle, "upper_external").notes or "").lower()


def test_referral_is_one_sided_and_stays_on_the_front_of_the_trunk(library: Library) -> None:
    muscle = library.muscle(MUSCLE)
    for found in muscle.trigger_points:
        assert found.laterality == "ipsilateral", found.id
    # Nothing down the thigh or round to the back: T&S draw groin and abdomen only.
    assert all_zones(muscle) <= {"groin", "lower_abdomen", "upper_abdomen"}


# --- Where the points lie -----------------------------------------------------------


def test_points_lie_where_a_clinician_finds_them(library: Library) -> None:
    muscle = library.muscle(MUSCLE)
    marks = landmarks(library, "anterior")
    asis, navel, tubercle = marks["asis"], marks["navel"], marks["pubic_tubercle"]

    lower = where(library, point(muscle, "lower_lateral"), "anterior")
    # Above and medial to the ASIS, below the navel, lateral to McBurney's point.
    assert asis[0] < lower[0] < marks["mcburney"][0]
    assert navel[1] < lower[1] < asis[1]

    inguinal = where(library, point(muscle, "inguinal"), "anterior")
    # Just above the inguinal ligament (ASIS to pubic tubercle) ...
    ligament = _height_of_line(asis, tubercle, inguinal[0])
    assert ligament - 12 < inguinal[1] < ligament
    # ... in its lateral half, lateral to the midpoint (the deep ring, the inferior
    # epigastric vessels) and to the femoral pulse.
    assert inguinal[0] < (asis[0] + tubercle[0]) / 2
    assert inguinal[0] < marks["femoral_pulse"][0]

    upper = where(library, point(muscle, "upper_external"), "anterior")
    # Over the lower ribs: above the level of the costal margin landmark, lateral to rectus.
    assert upper[1] < marks["costal_margin"][1]
    rectus = library.muscle("rectus_abdominis").outlines["anterior"]
    assert not contains(rectus, upper)


def test_points_lie_in_the_outline_on_the_patients_right(library: Library) -> None:
    muscle = library.muscle(MUSCLE)
    outline = muscle.outlines["anterior"]
    # The front view shows the patient's right on the viewer's left.
    assert all(x <= MIDLINE for x, _ in outline)
    for found in muscle.trigger_points:
        assert contains(outline, where(library, found, "anterior")), found.id
    # The outline reaches from the lower ribs to the inguinal ligament.
    ys = [y for _, y in outline]
    assert min(ys) < landmark(library, "anterior", "costal_margin")[1]
    assert max(ys) > landmark(library, "anterior", "asis")[1]


def test_the_lower_lateral_point_is_deep(library: Library) -> None:
    muscle = library.muscle(MUSCLE)
    # It may be in the internal oblique or transversus, under the external oblique.
    assert point(muscle, "lower_lateral").depth == "deep"
    assert muscle.needling.needle_length


# --- Anatomy -------------------------------------------------------------------------


def test_anatomy(library: Library) -> None:
    muscle = library.muscle(MUSCLE)
    assert muscle.group == "abdominal"
    assert muscle.innervation.roots == "T7-L1"
    nerve = muscle.innervation.nerve.lower()
    assert "iliohypogastric" in nerve and "ilioinguinal" in nerve
    assert "lower eight ribs" in muscle.origin
    assert "inguinal ligament" in muscle.insertion and "conjoint tendon" in muscle.insertion
    # The UBERON ids, checked in the ontology; no unverified FMA id.
    assert set(muscle.anatomy_ids) == {"UBERON:0005442", "UBERON:0005454", "UBERON:0001221"}


# --- Needling ----------------------------------------------------------------------


def test_needling_hazards(library: Library) -> None:
    muscle = library.muscle(MUSCLE)
    text = hazard_text(muscle)
    for structure in (
        "peritone",
        "bowel",
        "pleura",
        "iliohypogastric",
        "ilioinguinal",
        "inferior epigastric",
        "deep circumflex iliac",
        "inguinal canal",
    ):
        assert structure in text, structure


def test_needling_is_pincer_or_onto_a_rib_and_stays_lateral(library: Library) -> None:
    needling = library.muscle(MUSCLE).needling
    assert "pincer" in needling.approach
    assert "never straight down" in needling.approach
    assert "onto the rib" in needling.approach
    assert "lateral to the midpoint" in needling.approach
    assert "do not needle" in (needling.depth or "")
    precautions = " ".join(needling.precautions).lower()
    assert "pregnancy" in precautions
    assert "hernia" in precautions
    assert "lymphoedema" in precautions
    assert not needling.specialist_only


def test_needling_cites_donnelly_for_technique_and_travell_simons(library: Library) -> None:
    needling = library.muscle(MUSCLE).needling
    assert any(c.source == "donnelly_2019" and c.topic and not c.chapter for c in needling.sources)
    assert cites(needling.sources, "ts_vol1", "49")


# --- Mimics, warning signs, self-care, citations --------------------------------------


def test_mimics_and_differential(library: Library) -> None:
    muscle = library.muscle(MUSCLE)
    assert {"groin_pain", "myofascial_pain"} <= set(muscle.conditions)
    assert {"appendicitis", "inguinal_hernia", "kidney_pain"} <= set(muscle.mimics)
    text = " ".join(muscle.differential).lower()
    for cause in ("appendicitis", "hernia", "torsion", "stone", "ectopic", "heart", "carnett"):
        assert cause in text, cause


def test_patient_warning_signs(library: Library) -> None:
    signs = library.muscle(MUSCLE).patient_warning_signs
    assert 2 <= len(signs) <= 4  # the handout must still fit on one page
    emergencies = " ".join(s.text for s in signs if s.urgency == "emergency").lower()
    assert "lower right" in emergencies  # appendicitis
    assert "testicle" in emergencies  # torsion
    assert "groin" in emergencies and "go back" in emergencies  # a stuck hernia
    assert "pregnant" in emergencies  # ectopic pregnancy
    assert all(sign.sources for sign in signs)


def test_self_care_is_cautious(library: Library) -> None:
    muscle = library.muscle(MUSCLE)
    assert muscle.self_care
    cautions = " ".join(c for care in muscle.self_care for c in care.cautions).lower()
    assert "pregnancy" in cautions and "hernia" in cautions and "stenosis" in cautions


def test_cites_chapter_49_everywhere(library: Library) -> None:
    muscle = library.muscle(MUSCLE)
    assert cites(muscle.sources, "ts_vol1", "49")
    assert {c.source for c in muscle.sources} >= {"gray_42", "uberon"}
    for found in muscle.trigger_points:
        assert cites(found.sources, "ts_vol1", "49"), found.id
    for care in muscle.self_care:
        assert cites(care.sources, "ts_vol1", "49"), care.name


def test_groin_hernia_condition(library: Library) -> None:
    condition = library.condition("inguinal_hernia")
    assert condition.icd10cm == ()  # no code verified for this library
    assert {c.source for c in condition.sources} >= {"gray_42"}
    assert "will not go back" in condition.description
