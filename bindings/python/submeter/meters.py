"""submeter.meters: meter protocol codecs (DL/T 645, CJ/T 188, Modbus) and register maps.

    >>> from submeter import meters
    >>> reply = meters.decode_dlt645_read(meters.parse_hex(
    ...     "FE FE FE FE 68 24 02 00 00 00 00 68 91 18 33 32 34 33 C7 47 35 33 37 86 33 33"
    ...     " A7 86 33 33 36 87 33 33 44 87 33 33 EB 16"))
    >>> reply.values
    [Decimal('214.94'), Decimal('53.04'), Decimal('53.74'), Decimal('54.03'), Decimal('54.11')]

Frames go in and out as ``bytes``; values come out as ``decimal.Decimal`` (exact); a frame the
codec refuses raises :class:`DecodeError`, a ``ValueError`` with ``status`` (e.g.
``"bad_checksum"``) and ``consumed``. Bad arguments raise :class:`submeter.Error`.

Settings out (docs/howto/push-tou-to-meters.md): :func:`dlt645_tou_writes`,
:func:`dlt645_price_writes` and :func:`dlt645_ladder_writes` give the DL/T 645 write frames of a
TOU schedule, prices and a ladder for one set of a meter; :func:`decode_dlt645_tou_tables` reads
a set's tables back and :meth:`Dlt645TouTables.compare` checks them against a schedule;
:func:`cjt188_price_table_request` and :func:`cjt188_settlement_day_request` write a water
meter's price table and settlement day.
"""

from . import _core

_m = _core.meters

DecodeError = _m.DecodeError
DecodeError.__module__ = __name__
MeterReading = _m.MeterReading
Dlt645Frame = _m.Dlt645Frame
Dlt645Read = _m.Dlt645Read
Cjt188Frame = _m.Cjt188Frame
RegisterMap = _m.RegisterMap
Dlt645Write = _m.Dlt645Write
Dlt645TouTables = _m.Dlt645TouTables

parse_hex = _m.parse_hex
to_hex = _m.to_hex
decode_dlt645 = _m.decode_dlt645
encode_dlt645 = _m.encode_dlt645
decode_dlt645_read = _m.decode_dlt645_read
dlt645_read_request = _m.dlt645_read_request
dlt645_read_reply = _m.dlt645_read_reply
decode_cjt188 = _m.decode_cjt188
modbus_crc = _m.modbus_crc
encode_modbus_rtu = _m.encode_modbus_rtu
decode_modbus_rtu = _m.decode_modbus_rtu
decode_modbus_tcp = _m.decode_modbus_tcp
register_maps = _m.register_maps
register_map = _m.register_map
register_map_from_json = _m.register_map_from_json
adf400l_slave_id = _m.adf400l_slave_id
dlt645_tou_writes = _m.dlt645_tou_writes
dlt645_price_writes = _m.dlt645_price_writes
dlt645_ladder_writes = _m.dlt645_ladder_writes
decode_dlt645_write_reply = _m.decode_dlt645_write_reply
decode_dlt645_tou_tables = _m.decode_dlt645_tou_tables
cjt188_price_table_request = _m.cjt188_price_table_request
cjt188_settlement_day_request = _m.cjt188_settlement_day_request
decode_cjt188_setting = _m.decode_cjt188_setting

__all__ = [
    "Cjt188Frame",
    "DecodeError",
    "Dlt645Frame",
    "Dlt645Read",
    "Dlt645TouTables",
    "Dlt645Write",
    "MeterReading",
    "RegisterMap",
    "adf400l_slave_id",
    "cjt188_price_table_request",
    "cjt188_settlement_day_request",
    "decode_cjt188",
    "decode_cjt188_setting",
    "decode_dlt645",
    "decode_dlt645_read",
    "decode_dlt645_tou_tables",
    "decode_dlt645_write_reply",
    "decode_modbus_rtu",
    "decode_modbus_tcp",
    "dlt645_ladder_writes",
    "dlt645_price_writes",
    "dlt645_read_reply",
    "dlt645_read_request",
    "dlt645_tou_writes",
    "encode_dlt645",
    "encode_modbus_rtu",
    "modbus_crc",
    "parse_hex",
    "register_map",
    "register_map_from_json",
    "register_maps",
    "to_hex",
]
