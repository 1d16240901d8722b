# CLI cases of the meter commands: `submeter decode` (golden JSON of protocol vectors from
# tests/data/protocol-vectors/, refused frames, bad hex) and `submeter read modbus` against the
# pymodbus simulator of the transport tests. Included from CMakeLists.txt.
set(_golden ${CMAKE_CURRENT_SOURCE_DIR}/golden)

# submeter_cli_golden(<name> <golden file> ARGS <args...>): exit 0, empty stderr, stdout == file.
function(submeter_cli_golden name golden)
  cmake_parse_arguments(ARG "" "" "ARGS" ${ARGN})
  string(REPLACE ";" "|" _args "${ARG_ARGS}")
  add_test(NAME cli.${name}
           COMMAND ${CMAKE_COMMAND} -DEXE=$<TARGET_FILE:submeter> "-DARGS=${_args}" -DEXPECT=ok
                   -DGOLDEN=${_golden}/${golden} -P ${CMAKE_CURRENT_SOURCE_DIR}/run_cli_case.cmake)
  set_tests_properties(cli.${name} PROPERTIES LABELS "cli;meters")
endfunction()

# DL/T 645 (vector ids in dlt645-2007.json / dlt645-1997.json)
submeter_cli_golden(decode_dlt645_block dlt645-0001FF00-total-ne-sum.json ARGS decode dlt645
  "FE FE FE FE 68 24 02 00 00 00 00 68 91 18 33 32 34 33 C7 47 35 33 37 86 33 33 A7 86 33 33 36 87 33 33 44 87 33 33 EB 16")
submeter_cli_golden(decode_dlt645_voltage dlt645-02010300-226.2V.json ARGS decode dlt645
  "68 01 00 44 23 52 00 68 91 06 33 36 34 35 95 55 DD 16")
submeter_cli_golden(decode_dlt645_no_data dlt645-error-D1-no-data.json ARGS decode dlt645
  "68 12 00 00 00 10 20 68 D1 01 35 19 16")
submeter_cli_golden(decode_dlt645_request dlt645-read-req-0001FF00.json ARGS decode dlt645
  "FE 68 00 36 19 00 00 00 68 11 04 33 32 34 33 00 16")
submeter_cli_golden(decode_dlt645_1997 dlt645-1997-9010-0.01kWh.json ARGS decode dlt645
  "6854071300801368810643C3343333332B16")
# CJ/T 188 (cjt188.json)
submeter_cli_golden(decode_cjt188_water cjt188-901F-stub.json ARGS decode cjt188
  "FE FE FE 68 10 12 00 00 00 00 00 00 81 16 90 1F 00 10 00 10 00 2C 10 00 10 00 2C 00 00 00 00 00 00 00 00 FF 67 16")
submeter_cli_golden(decode_cjt188_heat_jy cjt188-901F-heat-JY.json ARGS decode cjt188 --profile jy-heat
  "FE FE FE FE 68 20 32 41 31 40 00 00 00 81 2E 90 1F 01 08 02 00 00 00 08 02 00 00 00 17 00 00 00 00 35 00 00 00 00 2C 34 10 00 00 35 25 00 66 25 00 00 00 00 53 00 12 10 07 15 20 00 00 31 16")
submeter_cli_golden(decode_cjt188_valve_reply cjt188-A017-valve-reply.json ARGS decode cjt188
  "FE FE FE FE 68 10 69 05 90 05 15 33 78 84 05 A0 17 01 00 00 7C 16")
# Modbus (modbus.json)
submeter_cli_golden(decode_modbus_rtu_map modbus-rtu-acrel-1234.56-map.json ARGS decode modbus
  "01 03 04 00 01 E2 40 E2 A3" --map acrel-ddsy1352 --start 0)
submeter_cli_golden(decode_modbus_rtu_spec_request modbus-rtu-fc03-req-spec.json ARGS decode modbus
  --rtu "11 03 00 6B 00 03 76 87")
submeter_cli_golden(decode_modbus_rtu_exception modbus-rtu-exception.json ARGS decode modbus
  "01 83 02 C0 F1")
submeter_cli_golden(decode_modbus_tcp_request modbus-tcp-read.json ARGS decode modbus
  "00 01 00 00 00 06 01 03 00 00 00 02")
submeter_cli_golden(decode_modbus_rtu_float_map_file modbus-rtu-float-map-file.json ARGS decode modbus
  "01 03 04 47 F1 20 00 A6 B4" --map ${CMAKE_CURRENT_SOURCE_DIR}/maps/float-energy.json --start 0
  --pt-ct 40)

# Refused frames and bad input: one line on stderr naming the status, non-zero exit, no stdout.
submeter_cli_case(decode_dlt645_bad_checksum fail ARGS decode dlt645
  "68 12 00 00 00 10 20 68 D1 01 35 18 16" MATCH "^submeter: error: parse: bad_checksum: [^\n]*\n$")
submeter_cli_case(decode_dlt645_bad_end fail ARGS decode dlt645
  "68 12 00 00 00 10 20 68 D1 01 35 19 17" MATCH "bad_end")
submeter_cli_case(decode_dlt645_incomplete fail ARGS decode dlt645
  "68 12 00 00 00 10 20 68 D1 01 35" MATCH "need_more: incomplete DL/T 645 frame")
submeter_cli_case(decode_dlt645_bad_bcd fail ARGS decode dlt645
  "68 01 00 44 23 52 00 68 91 06 33 36 34 35 CD 55 15 16" MATCH "bad_value: refused DL/T 645 read reply")
submeter_cli_case(decode_dlt645_trailing fail ARGS decode dlt645
  "68 12 00 00 00 10 20 68 D1 01 35 19 16 16" MATCH "trailing_bytes" "extra_bytes=1")
submeter_cli_case(decode_bad_hex fail ARGS decode dlt645 "68 1G 00" MATCH "parse: bad_hex" "text=68 1G 00")
submeter_cli_case(decode_odd_hex fail ARGS decode modbus "01 03 0" MATCH "bad_hex")
submeter_cli_case(decode_cjt188_bad_checksum fail ARGS decode cjt188
  "FE FE FE FE 68 10 69 05 90 05 15 33 78 84 05 A0 17 01 00 00 7D 16" MATCH "bad_checksum")
submeter_cli_case(decode_cjt188_unknown_profile fail ARGS decode cjt188 --profile nope
  "FE FE FE FE 68 10 69 05 90 05 15 33 78 84 05 A0 17 01 00 00 7C 16" MATCH "unknown CJ/T 188 profile")
submeter_cli_case(decode_modbus_bad_crc fail ARGS decode modbus --rtu "01 03 04 00 01 E2 40 E2 A4"
  MATCH "bad_checksum: refused Modbus RTU frame")
submeter_cli_case(decode_modbus_unknown_map fail ARGS decode modbus "01 03 04 00 01 E2 40 E2 A3"
  --map no-such-meter --start 0 MATCH "not_found" "map=no-such-meter" "built_in=acrel-ddsy1352")
submeter_cli_case(decode_modbus_map_needs_start fail ARGS decode modbus "01 03 04 00 01 E2 40 E2 A3"
  --map acrel-ddsy1352 MATCH "--start")
submeter_cli_case(decode_help ok ARGS decode --help MATCH "dlt645" "cjt188" "modbus")

# `submeter read modbus` against the simulated DDSY1352 (only when the transport is built).
if(TARGET submeter_modbus AND EXISTS /usr/bin/python3)
  function(submeter_cli_read_case name rc stream)
    cmake_parse_arguments(ARG "" "" "MATCH;ARGS" ${ARGN})
    add_test(NAME cli.${name}
             COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/read_modbus_case.py
                     $<TARGET_FILE:submeter> ${PROJECT_SOURCE_DIR}/tests/meters/transport/acrel_sim.py
                     ${rc} ${stream} ${ARG_MATCH} -- ${ARG_ARGS})
    set_tests_properties(cli.${name} PROPERTIES LABELS "cli;meters" RUN_SERIAL TRUE)
  endfunction()
  submeter_cli_read_case(read_modbus_text 0 stdout
    MATCH "total: 1234.56 kWh" "T1 sharp: 1.00 kWh" "T4 valley: 1033.51 kWh" "voltage = 220.5 V"
          "active_power = -0.100 kW"
    ARGS read modbus tcp://127.0.0.1:{port} --map acrel-ddsy1352 --unit 1)
  submeter_cli_read_case(read_modbus_json 0 stdout
    MATCH "\"total\": \"1234.56\"" "\"valley\": \"1033.51\"" "\"name\": \"power_factor\""
          "\"value\": \"0.998\""
    ARGS read modbus tcp://127.0.0.1:{port} --map acrel-ddsy1352 --unit 1 --format json)
  submeter_cli_read_case(read_modbus_map_file 0 stdout
    MATCH "total: 1234.56 kWh" "multiplier \\(PT x CT\\): 40" "primary total: 49382.40 kWh"
    ARGS read modbus tcp://127.0.0.1:{port} --map ${CMAKE_CURRENT_SOURCE_DIR}/maps/u32-energy.json
         --pt-ct 40)
  submeter_cli_read_case(read_modbus_unknown_unit 2 stderr
    MATCH "^submeter: timeout: no answer from unit 7 " "attempts=2"
    ARGS read modbus tcp://127.0.0.1:{port} --map acrel-ddsy1352 --unit 7 --timeout-ms 300)
  submeter_cli_read_case(read_modbus_connection_refused 2 stderr
    MATCH "^submeter: connect_failed"
    ARGS read modbus tcp://127.0.0.1:1 --map acrel-ddsy1352)
  submeter_cli_read_case(read_modbus_unknown_map 1 stderr
    MATCH "not_found" "map=acrel-nope"
    ARGS read modbus tcp://127.0.0.1:{port} --map acrel-nope)
  submeter_cli_case(read_bad_endpoint fail ARGS read modbus udp://x --map acrel-ddsy1352
    MATCH "not an endpoint")
  # RTU endpoints: the parameters parse, and a missing serial port is a link failure (exit 2)
  submeter_cli_case(read_rtu_no_such_port fail
    ARGS read modbus "rtu:///dev/submeter-no-such-tty?baud=9600&parity=E&data_bits=8&stop_bits=1"
         --map acrel-ddsy1352
    MATCH "^submeter: connect_failed" "endpoint=rtu:///dev/submeter-no-such-tty")
  submeter_cli_case(read_rtu_bad_parity fail
    ARGS read modbus "rtu:///dev/ttyUSB0?parity=X" --map acrel-ddsy1352
    MATCH "unknown or bad serial parameter" "parameter=parity=X")
endif()

# FC 06: the reply echoes the request, so the bytes alone do not say which (vector mb-rtu-fc06-spec)
submeter_cli_case(decode_modbus_fc06_echo ok ARGS decode modbus "11 06 00 01 00 03 9A 9B"
  MATCH "\"direction\": \"request_or_echo\"" "\"address\": 1" "\"value\": \"0003\"")
submeter_cli_case(decode_modbus_fc06_as_request ok ARGS decode modbus --request "11 06 00 01 00 03 9A 9B"
  MATCH "\"direction\": \"request\"")
