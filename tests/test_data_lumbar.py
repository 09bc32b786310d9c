"""The lumbar and abdominal muscles: their clinically important facts (issue 5).

Each assertion is a fact of the clinical brief (shared/CONTENT.md) that a
therapist relies on, checked against the loaded library, so that an edit that
moves a zone, drops a hazard or loses a citation fails here. The facts every
muscle shares (its chapter, anatomy ids, outline, complete treatment) are
checked for all the muscles in test_data.py.
"""

from __future__ import annotations

from clinical import all_zones, cites, hazard_text, landmark, point, where, zones

from trigger_points.library import Library


def vertebra(library: Library) -> float:
    """The height of one vertebral segment in the posterior view: L1 to L2."""
    return (
        landmark(library, "posterior", "spinous_l2")[1]
        - landmark(library, "posterior", "spinous_l1")[1]
    )


def thoracic_level(library: Library, y: float) -> int:
    """The thoracic vertebra at height y in the posterior view, counting L1 as 13."""
    l1 = landmark(library, "posterior", "spinous_l1")[1]
    return 13 - round((l1 - y) / vertebra(library))


# --- Iliopsoas ----------------------------------------------------------------


def test_iliopsoas_refers_along_the_lumbar_strip_and_to_groin_and_thigh(library: Library) -> None:
    muscle = library.muscle("iliopsoas")
    assert {p.local_id for p in muscle.trigger_points} == {"distal", "iliacus", "psoas"}
    for found in muscle.trigger_points:
        assert {"lumbar_upper", "lumbar_lower", "sacroiliac"} <= set(found.essential), found.id
        assert "buttock_upper" in found.essential
        # Groin and the upper front of the thigh only, not down to the knee (T&S Fig 5.1).
        assert {"groin", "anterior_thigh_upper"} <= set(found.spillover), found.id
        assert "anterior_thigh" not in found.spillover
        assert found.laterality == "ipsilateral"
        assert "anterior" in found.positions


def test_iliopsoas_points_lie_where_a_clinician_finds_them(library: Library) -> None:
    muscle = library.muscle("iliopsoas")
    asis = landmark(library, "anterior", "asis")
    distal = where(library, point(muscle, "distal"), "anterior")
    iliacus = where(library, point(muscle, "iliacus"), "anterior")
    psoas = where(library, point(muscle, "psoas"), "anterior")
    assert distal[1] > asis[1]  # below the inguinal ligament
    assert abs(iliacus[0] - asis[0]) < 15 and iliacus[1] <= asis[1]  # inside the crest by the ASIS
    navel = landmark(library, "anterior", "navel")
    assert abs(psoas[1] - navel[1]) < vertebra(library)  # about navel level
    assert point(muscle, "psoas").depth == "deep"


def test_iliopsoas_anatomy_hazards_and_mimics(library: Library) -> None:
    muscle = library.muscle("iliopsoas")
    assert "femoral" in muscle.innervation.nerve.lower()
    assert "lesser trochanter" in muscle.insertion.lower()
    text = hazard_text(muscle)
    for structure in ("femoral nerve", "artery", "vein", "peritone", "bowel"):
        assert structure in text, structure
    assert "lateral" in muscle.needling.approach and "pulse" in muscle.needling.approach
    assert "crest" in muscle.needling.approach
    assert {"appendicitis", "lumbar_disc_disease", "groin_pain"} <= set(muscle.mimics)
    assert "kneeling" in muscle.self_care[0].name.lower()


# --- The erector spinae -------------------------------------------------------


def test_iliocostalis_lumborum_refers_from_l1_to_the_mid_buttock(library: Library) -> None:
    muscle = library.muscle("iliocostalis_lumborum")
    (only,) = muscle.trigger_points
    assert "buttock_mid" in only.essential
    x, y = where(library, only, "posterior")
    l1 = landmark(library, "posterior", "spinous_l1")
    assert abs(y - l1[1]) < 8 and x > 225  # at L1, at the lateral edge of the erector spinae
    text = hazard_text(muscle)
    assert "kidney" in text and "peritone" in text


def test_iliocostalis_thoracis_refers_up_down_and_round_to_the_abdomen(library: Library) -> None:
    muscle = library.muscle("iliocostalis_thoracis")
    zone = all_zones(muscle)
    assert "scapula_lower" in zone  # up toward the lower scapula
    assert {"lumbar_upper", "lumbar_lower"} <= zone  # down over the lumbar region
    assert "lower_abdomen" in zone  # round to the abdomen
    assert "pleura" in hazard_text(muscle)
    assert "trapped between the two fingers" in muscle.needling.approach
    _, y = where(library, point(muscle, "lower"), "posterior")
    assert thoracic_level(library, y) in (11, 12)


def test_longissimus_thoracis_refers_downward_to_buttock_and_sacroiliac(library: Library) -> None:
    muscle = library.muscle("longissimus_thoracis")
    essential = {zone for p in muscle.trigger_points for zone in p.essential}
    assert {"buttock_lower", "sacroiliac"} <= essential
    for found in muscle.trigger_points:
        _, y = where(library, found, "posterior")
        level = thoracic_level(library, y)  # T10 to L1: several segments above the pain
        assert 10 <= level <= 13, found.id
    assert "pleura" in hazard_text(muscle)


def test_multifidus_levels_and_the_coccyx(library: Library) -> None:
    muscle = library.muscle("multifidus")
    assert zones(muscle, "s1")[0] == {"coccyx"}
    for local_id in ("upper_lumbar", "lower_lumbar", "rotatores"):
        assert "lumbar_spine" in zones(muscle, local_id)[0], local_id
    assert any("lower_abdomen" in p.spillover for p in muscle.trigger_points)
    assert "coccydynia" in muscle.mimics
    spine = landmark(library, "posterior", "spinous_l3")[0]
    psis = landmark(library, "posterior", "psis")[0]
    for found in muscle.trigger_points:
        x, _ = where(library, found, "posterior")
        # Deep beside the spinous processes: on the patient's right of them (the viewer's
        # right from behind), nearer to them than to the PSIS.
        assert spine < x < (spine + psis) / 2, found.id
        assert found.depth == "deep"


def test_multifidus_hazards_and_ids(library: Library) -> None:
    muscle = library.muscle("multifidus")
    text = hazard_text(muscle)
    for structure in ("spinal canal", "ligamentum flavum", "kidney", "pleura"):
        assert structure in text, structure
    assert "medial branches of the dorsal rami" in muscle.innervation.nerve.lower()
    assert "UBERON:0010990" not in muscle.anatomy_ids  # the parent is not multifidus


def test_serratus_posterior_inferior_local_ache_mimics_kidney(library: Library) -> None:
    muscle = library.muscle("serratus_posterior_inferior")
    assert all_zones(muscle) == {"lower_ribs"}
    assert "kidney_pain" in muscle.mimics
    text = hazard_text(muscle)
    assert "pleura" in text and "kidney" in text
    assert "T11" in muscle.origin and "L2" in muscle.origin
    assert "9th" in muscle.insertion and "12th" in muscle.insertion


# --- Rectus abdominis ---------------------------------------------------------


def test_rectus_abdominis_low_back_band_is_bilateral(library: Library) -> None:
    muscle = library.muscle("rectus_abdominis")
    for local_id in ("infraumbilical", "suprapubic"):
        found = point(muscle, local_id)
        assert found.laterality == "bilateral", local_id
        assert {"lumbar_lower", "sacroiliac"} <= set(found.essential), local_id
    navel = landmark(library, "anterior", "navel")
    assert where(library, point(muscle, "infraumbilical"), "anterior")[1] > navel[1]


def test_rectus_abdominis_mcburney_point_and_mimics(library: Library) -> None:
    muscle = library.muscle("rectus_abdominis")
    assert "lower_abdomen" in zones(muscle, "mcburney")[0]
    assert {
        "appendicitis",
        "urinary_tract_disorders",
        "gynaecological_disorders",
        "bowel_disorders",
        "dysmenorrhoea",
    } <= set(muscle.mimics)


def test_rectus_abdominis_needling_is_pincer_only(library: Library) -> None:
    muscle = library.muscle("rectus_abdominis")
    assert "pincer" in muscle.needling.approach
    text = hazard_text(muscle)
    for structure in ("peritone", "bowel", "bladder", "inferior epigastric"):
        assert structure in text, structure


# --- The conditions they need -------------------------------------------------


def test_kidney_pain_and_coccydynia_name_these_muscles_sources(library: Library) -> None:
    assert cites(library.condition("kidney_pain").sources, "ts_vol1", "47")
    assert cites(library.condition("coccydynia").sources, "ts_vol1", "48")
