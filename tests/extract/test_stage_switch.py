"""The switch a learned stage checks: off while collecting its training inputs, restored afterwards."""
import pytest

from stemfoot.extract.stage_switch import StageSwitch


def test_collecting_turns_the_stage_off_and_restores_both_settings():
    switch, sink = StageSwitch(), []
    with switch.collecting(sink):
        assert switch.enabled is False and switch.collect is sink
    assert switch.enabled is True and switch.collect is None


def test_disabled_is_restored_after_an_error():
    switch = StageSwitch()
    with pytest.raises(RuntimeError):
        with switch.disabled():
            raise RuntimeError("boom")
    assert switch.enabled is True
