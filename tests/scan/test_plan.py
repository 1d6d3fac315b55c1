from albumfaces.media.images import detection_size
from albumfaces.models import ScanSettings
from albumfaces.scan.plan import settings_key


def test_small_photos_are_detected_at_full_size():
    assert detection_size(800, 600, ScanSettings(max_size=1280)) == (800, 600)
    assert detection_size(4032, 3024, ScanSettings(max_size=0)) == (4032, 3024)


def test_large_photos_are_reduced_to_max_size_keeping_aspect():
    assert detection_size(4032, 3024, ScanSettings(max_size=1280)) == (1280, 960)
    assert detection_size(3024, 4032, ScanSettings(max_size=1280)) == (960, 1280)


def test_settings_key_changes_only_when_the_photo_would_be_detected_differently():
    small, large = (800, 600), (4032, 3024)
    a, b = ScanSettings(max_size=1280), ScanSettings(max_size=2000)
    assert settings_key(*small, a) == settings_key(*small, b)
    assert settings_key(*large, a) != settings_key(*large, b)
    assert settings_key(*small, a) != settings_key(*small, ScanSettings(upsample=2))
    assert settings_key(*small, a) != settings_key(*small, ScanSettings(model="cnn"))
