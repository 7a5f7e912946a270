"""The cars and adapters of Atelier's OBD tests, for ELM327-emulator.

Merged into the emulator with its own `merge` command (the tests copy this
file beside it). Each scenario starts from the emulator's `car` (the
answers of a real Toyota) and changes only what its test is about: the
codes stored, the freeze frame, a clone's misbehaviour. Every answer is
made by the emulator's own machinery (its <header>/<size>/<data> frames,
its positive and negative answers, its Exec hooks), not by a stand-in.
"""

from elm.obd_message import (
    ELM_FOOTER, ECU_R_ADDR_E, HD, SZ, DT, ST, PA, NA, ObdMessage as SHIPPED,
    iso_tp_frames, update_scenario_with_dynamic_pids,
)


def entry(request, descr, response=None, **more):
    e = {'Request': '^' + request + ELM_FOOTER, 'Descr': descr}
    if response is not None:
        e['Response'] = response
    e.update(more)
    return e


def frames(data):
    """An engine ECU answer (7E8), one frame or several (ISO-TP)."""
    return iso_tp_frames(data.split(), ECU_R_ADDR_E)


def dtc_answer(sid, data):
    """Mode 03/07 answer that mode 04 empties, like the shipped car's."""
    return lambda self, cmd, pid, uc_val: frames(
        sid + ' 00' if self.counters.get('cmd_dtc_cleared') else data)


def status_answer(with_codes, without):
    return lambda self, cmd, pid, uc_val: frames(
        without if self.counters.get('cmd_dtc_cleared') else with_codes)


def vin(text):
    return PA('01 ' + ' '.join('%02X' % ord(c) for c in text))


def car(**changes):
    """The shipped car with `changes`, its supported-PID bitmaps computed
    again, and no protocol search delay (one test keeps it: the shipped
    car itself)."""
    s = dict(SHIPPED['car'])
    s.update(changes)
    update_scenario_with_dynamic_pids(s, service='01')
    quick = dict(s['ELM_PIDS_A'])
    quick.pop('ResponseHeader', None)
    s['ELM_PIDS_A'] = quick
    return s


FREEZE_FRAME = {
    'INJ_MF_2': entry('020200', 'Freeze frame DTC', frames('42 02 00 01 43')),
    'FF_LOAD': entry('020400', 'Freeze frame load', frames('42 04 00 80')),
    'FF_COOLANT': entry('020500', 'Freeze frame coolant', frames('42 05 00 5A')),
    'FF_STFT': entry('020600', 'Freeze frame short trim', frames('42 06 00 78')),
    'FF_LTFT': entry('020700', 'Freeze frame long trim', frames('42 07 00 88')),
    'FF_RPM': entry('020C00', 'Freeze frame RPM', frames('42 0C 00 0F A0')),
    'FF_SPEED': entry('020D00', 'Freeze frame speed', frames('42 0D 00 00')),
}

# Four stored codes (P0143 P0300 P0171 P0172: more than one CAN frame),
# one pending (P0420), the light on, a freeze frame taken for P0143.
CODES = dict(
    GET_DTC=entry('03', 'Stored DTCs', ResponseFooter=dtc_answer(
        '43', '43 04 01 43 03 00 01 71 01 72')),
    GET_CURRENT_DTC=entry('07', 'Pending DTCs', ResponseFooter=dtc_answer(
        '47', '47 01 04 20')),
    STATUS=entry('0101', 'Status', ResponseFooter=status_answer(
        '41 01 84 07 65 04', '41 01 00 07 65 65')),
    VIN=entry('0902', 'VIN', vin('VF1RFB00X56789012')),
    **FREEZE_FRAME,
)

# A French diesel with one pending code and nothing stored.
PENDING = dict(
    GET_DTC=entry('03', 'Stored DTCs', frames('43 00')),
    GET_CURRENT_DTC=entry('07', 'Pending DTCs', frames('47 01 01 71')),
    STATUS=entry('0101', 'Status', frames('41 01 00 0F E8 40')),
    VIN=entry('0902', 'VIN', vin('VF7SA9HZC76543210')),
    INJ_MF_2=entry('020200', 'No freeze frame', frames('42 02 00 00 00')),
)

NONE = dict(
    GET_DTC=entry('03', 'Stored DTCs', frames('43 00')),
    GET_CURRENT_DTC=entry('07', 'Pending DTCs', frames('47 00')),
    STATUS=entry('0101', 'Status', frames('41 01 00 07 65 00')),
    VIN=entry('0902', 'VIN', vin('VF1RFB00X56789012')),
    INJ_MF_2=entry('020200', 'No freeze frame', frames('42 02 00 00 00')),
)

# A clone that keeps echoing after ATE0.
ECHO = dict(CODES, AT_ECHO={
    'Request': '^ATE[01]$', 'Descr': 'Echo command ignored',
    'Response': ST('OK')})

# A clone that answers ATH1 with OK and sends no headers. Its codes fit in
# one frame: the emulator shows a longer answer without headers in a
# layout no adapter uses.
NO_HEADERS = dict(
    CODES,
    GET_DTC=entry('03', 'Stored DTCs', frames('43 02 01 43 03 00')),
    AT_USE_HEADERS={
        'Request': '^ATH[01]$', 'Descr': 'Headers command ignored',
        'Exec': 'self.counters["cmd_use_header"] = False',
        'Response': ST('OK')})

# Noise lines before and after the data.
GARBAGE = dict(
    CODES,
    GET_DTC=entry('03', 'Stored DTCs', ST('#~!%') + frames(
        '43 02 01 43 03 00') + ST('\u00ff\u00fe ?x')),
    GET_CURRENT_DTC=entry('07', 'Pending DTCs',
                          ST('') + ST('@@') + frames('47 01 04 20')),
    STATUS=entry('0101', 'Status', ST('..') + frames('41 01 82 07 65 04')),
)

# What adapters say when a part fails: NO DATA, ?, CAN ERROR, STOPPED,
# BUS INIT: ...ERROR, a refusal; and a warm start the clone does not know.
TROUBLES = dict(
    CODES,
    AT_WARM_START={'Request': '^ATWS$', 'Descr': 'Unknown to this clone',
                   'Response': ST('?')},
    AT_R_VOLT={'Request': '^ATRV$', 'Descr': 'Unknown to this clone',
               'Response': ST('?')},
    GET_CURRENT_DTC=entry('07', 'Pending DTCs', ST('NO DATA')),
    COOLANT_TEMP=entry('0105', 'Coolant', ST('CAN ERROR')),
    SPEED=entry('010D', 'Speed', ST('BUS INIT: ...ERROR')),
    RPM=entry('010C', 'RPM', ST('STOPPED')),
    SHORT_FUEL_TRIM_1=entry('0106', 'Short trim', ST('?')),
    LONG_FUEL_TRIM_1=entry('0107', 'Long trim', NA('12')),
    VIN=entry('0902', 'VIN', ST('NO DATA')),
    INJ_MF_2=entry('020200', 'Freeze frame', ST('STOPPED')),
)

# The car never answers: the adapter's answers to the first request.
def unreachable(*said):
    s = car()
    s['ELM_PIDS_A'] = entry(
        '0100', 'No car', ST('SEARCHING...') + ''.join(ST(w) for w in said))
    return s


# The adapter falls silent at the pending codes: the Exec hook pauses the
# emulator, which then answers nothing at all.
SILENT = dict(CODES, GET_CURRENT_DTC=entry(
    '07', 'Adapter falls silent',
    Exec='self.threadState = self.THREAD.PAUSED'))

# Mode 04 refused while the engine runs.
ENGINE_RUNNING = dict(CODES, CLEAR_DIAG_TC=entry('04', 'Refused', NA('22')))

def iso(data):
    """An ISO 9141-2 line as an ELM327 shows it with headers: priority,
    tester, ECU (48 6B 10), the data, the checksum."""
    line = '48 6B 10 ' + data
    return ST(line + ' %02X' % (sum(bytes.fromhex(line)) % 256))


def older_car():
    """A car of the older lines (ISO 9141-2, protocol 3): no ISO-TP, a VIN
    in five numbered messages, codes three to a message with no count."""
    s = car()
    vin_text = 'VF1BB05CF12345678'
    padded = '\0\0\0' + vin_text
    vin_lines = ''.join(
        iso('49 02 %02X ' % (n + 1) + ' '.join(
            '%02X' % ord(c) for c in padded[4 * n:4 * n + 4]))
        for n in range(5))
    s.update(
        ELM_PIDS_A=entry('0100', 'PIDs 01-20', ST('BUS INIT: ...OK')
                         + iso('41 00 88 18 00 00')),
        AT_DESCRIBE_PROTO_N={'Request': '^ATDPN$', 'Descr': 'ISO 9141-2',
                             'Response': ST('A3')},
        STATUS=entry('0101', 'Status', iso('41 01 83 07 65 00')),
        GET_DTC=entry('03', 'Stored DTCs', iso('43 01 43 03 00 01 71')),
        GET_CURRENT_DTC=entry('07', 'Pending DTCs',
                              iso('47 00 00 00 00 00 00')),
        INJ_MF_2=entry('020200', 'Freeze frame DTC', iso('42 02 00 01 43')),
        FF_RPM=entry('020C00', 'Freeze frame RPM', iso('42 0C 00 0F A0')),
        COOLANT_TEMP=entry('0105', 'Coolant', iso('41 05 7B')),
        RPM=entry('010C', 'RPM', iso('41 0C 0C 80')),
        SPEED=entry('010D', 'Speed', iso('41 0D 00')),
        VIN=entry('0902', 'VIN', vin_lines),
    )
    return s


ObdMessage = {
    'atelier_iso9141': older_car(),
    'atelier_codes': car(**CODES),
    'atelier_pending': car(**PENDING),
    'atelier_none': car(**NONE),
    'atelier_echo': car(**ECHO),
    'atelier_no_headers': car(**NO_HEADERS),
    'atelier_garbage': car(**GARBAGE),
    'atelier_troubles': car(**TROUBLES),
    'atelier_bus_init_error': unreachable('BUS INIT: ...ERROR'),
    'atelier_can_error': unreachable('CAN ERROR'),
    'atelier_silent': car(**SILENT),
    'atelier_engine_running': car(**ENGINE_RUNNING),
}
