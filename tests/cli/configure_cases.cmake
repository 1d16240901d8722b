# CLI cases of `submeter configure`: the DL/T 645 write frames of a schedule, prices and a ladder
# (golden text), the CJ/T 188 frames, hostile input (exit 1, one located line on stderr, nothing
# on stdout, nothing written), and send/verify against the simulated DL/T 645 meter
# (tests/meters/transport/dlt645_sim.py). Included from CMakeLists.txt.
set(_tou ${PROJECT_SOURCE_DIR}/src/data/tou/cn)
set(_cal ${PROJECT_SOURCE_DIR}/src/data/calendars/cn.json)
set(_cfg ${CMAKE_CURRENT_SOURCE_DIR}/configure)

# Jiangsu's 2025 table into the second set for 00:00 on its effective date (the howto's frames)
submeter_cli_golden(configure_dlt645_jiangsu configure-dlt645-jiangsu.txt ARGS configure dlt645
  --address 000000001234 --tou ${_tou}/jiangsu.json --calendar ${_cal}
  --switch-at "2025-06-01 00:00")
submeter_cli_case(configure_dlt645_json ok ARGS configure dlt645 --address 000000001234
  --tou ${_tou}/jiangsu.json --switch-at "2025-06-01 00:00" --format json
  MATCH "\"format\": \"submeter-dlt645-writes-v1\"" "\"di\": \"04020000\""
        "\"data\": \"01 01 01 02 01 03 01 01 06 02 01 09 01 01 12 01 01 12"
        "\"frame\": \"FE FE FE FE 68 34 12 00 00 00 00 68 14 36 33 33 35 37")
submeter_cli_case(configure_dlt645_holidays ok ARGS configure dlt645 --address 000000001234
  --tou ${_tou}/zhejiang.json --calendar ${_cal} --from 2025-01-01 --tariffs 5
  MATCH "# 04000205 public holidays: 21" "# 04030001 public holiday 1: 2025-01-28 t3"
        "# 04030015 public holiday 21: 2025-10-08 t4" "\\(28 writes\\)")
submeter_cli_case(configure_dlt645_prices ok ARGS configure dlt645 --address 000000001234
  --prices ${_cfg}/prices-jiangsu.json --set 2
  MATCH "# 04050202 second set: rate price T2 0.8976 yuan/kWh"
        "# 04050204 second set: rate price T4 0.2875 yuan/kWh"
        "# 04000108 switch-over of the rate prices at 2025-06-01 00:00")
submeter_cli_case(configure_dlt645_ladder ok ARGS configure dlt645 --address 000000001234
  --prices ${_cfg}/prices-ladder.json --ladder-bounds 2760,4800
  MATCH "# 04060201 second set: ladder bound 1 2760.00 kWh"
        "# 04060303 second set: ladder price 3 0.8283 yuan/kWh"
        "# 04000109 switch-over of the ladders at 2026-01-01 00:00")
submeter_cli_case(configure_dlt645_flag_warning ok ARGS configure dlt645 --address 000000001234
  --tou ${_tou}/guangdong.json --from 2025-01-01
  MATCH "# warning: tou_flag_not_pushed: [^\n]*flags=hot_day")
submeter_cli_case(configure_cjt188 ok ARGS configure cjt188 --address 00000011223344
  --prices 3.45,4.83,5.83 --volumes 220,300 --settlement-day 25
  MATCH "# A010 price table: 3.45 up to 220 m3, 4.83 up to 300 m3, 5.83 above; from day 1"
        "FE FE FE FE 68 10 44 33 22 11 00 00 00 04 13 A0 10 00 45 03 00 20 02 00 83 04 00 00 03 00 83 05 00 01"
        "# A011 settlement day 25")
submeter_cli_case(configure_help ok ARGS configure --help MATCH "dlt645" "cjt188")

# Hostile input: exit 1, "submeter: error: <code>" naming file and place; nothing on stdout.
submeter_cli_case(configure_no_address fail ARGS configure dlt645 --tou ${_tou}/jiangsu.json
  MATCH "--address is required")
submeter_cli_case(configure_bad_address fail ARGS configure dlt645 --address 12345678901G
  --tou ${_tou}/jiangsu.json --from 2025-06-01
  MATCH "^submeter: error: parse: not a meter address" "option=--address" "text=12345678901G")
submeter_cli_case(configure_wildcard_address fail ARGS configure dlt645 --address AAAAAAAAAAAA
  --tou ${_tou}/jiangsu.json --from 2025-06-01 MATCH "not a meter address")
submeter_cli_case(configure_nothing fail ARGS configure dlt645 --address 000000001234
  MATCH "^submeter: error: invalid_argument: nothing to write")
submeter_cli_case(configure_missing_tou fail ARGS configure dlt645 --address 000000001234
  --tou ${_cfg}/no-such-file.json --from 2025-06-01
  MATCH "^submeter: error: not_found: cannot read file" "file=[^,]*no-such-file.json")
submeter_cli_case(configure_tou_not_json fail ARGS configure dlt645 --address 000000001234
  --tou ${_cfg}/not-json.json --from 2025-06-01
  MATCH "^submeter: error: parse: not valid JSON" "file=[^,]*not-json.json" "line=4, column=27")
submeter_cli_case(configure_tou_bad_time fail ARGS configure dlt645 --address 000000001234
  --tou ${_cfg}/bad-time.json --from 2025-06-01
  MATCH "^submeter: error: parse: expected a time of day HH:MM"
        "path=\\$.day_tables.all.peak\\[0\\]\\[1\\]" "file=[^]]*bad-time.json")
submeter_cli_case(configure_no_first_date fail ARGS configure dlt645 --address 000000001234
  --tou ${_tou}/jiangsu.json MATCH "give the first date" "file=[^]]*jiangsu.json")
submeter_cli_case(configure_bad_switch_at fail ARGS configure dlt645 --address 000000001234
  --tou ${_tou}/jiangsu.json --switch-at "2025-13-01 00:00"
  MATCH "^submeter: error: parse: not a local time" "option=--switch-at")
submeter_cli_case(configure_bad_from fail ARGS configure dlt645 --address 000000001234
  --tou ${_tou}/jiangsu.json --from 2025-02-30 MATCH "not a date" "option=--from")
submeter_cli_case(configure_range_backwards fail ARGS configure dlt645 --address 000000001234
  --tou ${_tou}/jiangsu.json --from 2025-06-01 --to 2025-05-01
  MATCH "a date range runs forward" "from=2025-06-01" "to=2025-05-01")
submeter_cli_case(configure_too_many_tariffs fail ARGS configure dlt645 --address 000000001234
  --tou ${_tou}/zhejiang.json --from 2025-06-01
  MATCH "^submeter: error: unsupported: the meter cannot hold that many tariffs" "limit=04000204"
        "needed=5" "meter_holds=4" "register=deep_valley" "file=[^]]*zhejiang.json")
submeter_cli_case(configure_too_many_zones fail ARGS configure dlt645 --address 000000001234
  --tou ${_tou}/beijing.json --from 2025-06-01 --year-zones 4
  MATCH "year time zones" "limit=04000201" "needed=5" "meter_holds=4" "schedule=beijing")
submeter_cli_case(configure_too_many_periods fail ARGS configure dlt645 --address 000000001234
  --tou ${_tou}/shandong.json --from 2025-06-01 --tariffs 5 --day-periods 8
  MATCH "daily periods" "limit=04000203" "meter_holds=8" "table=")
submeter_cli_case(configure_too_many_tables fail ARGS configure dlt645 --address 000000001234
  --tou ${_tou}/shanghai-large-industry.json --calendar ${_cal} --from 2025-01-01 --tariffs 5
  --day-tables 4 MATCH "daily period tables" "limit=04000202" "needed=7")
submeter_cli_case(configure_bad_password fail ARGS configure dlt645 --address 000000001234
  --tou ${_tou}/jiangsu.json --from 2025-06-01 --password 12345
  MATCH "not a DL/T 645 password field" "field=password" "expected=6 hex digits")
submeter_cli_case(configure_bad_set fail ARGS configure dlt645 --address 000000001234
  --tou ${_tou}/jiangsu.json --from 2025-06-01 --set 3 MATCH "--set")
submeter_cli_case(configure_negative_price fail ARGS configure dlt645 --address 000000001234
  --prices ${_cfg}/prices-negative.json
  MATCH "a negative price" "path=prices\\[0\\].price" "file=[^]]*prices-negative.json")
submeter_cli_case(configure_price_five_places fail ARGS configure dlt645 --address 000000001234
  --prices ${_cfg}/prices-five-places.json
  MATCH "at most 4 places" "value=0.897610" "file=[^]]*prices-five-places.json")
submeter_cli_case(configure_price_component fail ARGS configure dlt645 --address 000000001234
  --prices ${_cfg}/prices-demand.json
  MATCH "holds energy prices only" "component=demand" "file=[^]]*prices-demand.json")
submeter_cli_case(configure_tiers_without_bounds fail ARGS configure dlt645
  --address 000000001234 --prices ${_cfg}/prices-ladder.json
  MATCH "tier prices need the ladder's bounds" "file=[^]]*prices-ladder.json")
submeter_cli_case(configure_bad_bounds fail ARGS configure dlt645 --address 000000001234
  --prices ${_cfg}/prices-ladder.json --ladder-bounds 2760,abc
  MATCH "not a list of kWh bounds" "text=abc")
submeter_cli_case(configure_ladder_mismatch fail ARGS configure dlt645 --address 000000001234
  --prices ${_cfg}/prices-ladder.json --ladder-bounds 2760
  MATCH "one price more than bounds" "bounds=1" "prices=3")
submeter_cli_case(configure_cjt188_price_places fail ARGS configure cjt188
  --address 00000011223344 --prices 3.455 MATCH "does not fit its format" "field=price_1")
submeter_cli_case(configure_cjt188_bad_address fail ARGS configure cjt188 --address 1234
  --prices 3.45 MATCH "not a CJ/T 188 address" "option=--address")
submeter_cli_case(configure_cjt188_volumes fail ARGS configure cjt188 --address 00000011223344
  --prices 3.45,4.83 MATCH "one price, or three prices and two volumes")

# send and verify against the simulated meter (only when the transport is built)
if(TARGET submeter_modbus AND EXISTS /usr/bin/python3)
  set(_sim ${PROJECT_SOURCE_DIR}/tests/meters/transport/dlt645_sim.py)
  set(_js --address 000000001234 --tou ${_tou}/jiangsu.json --calendar ${_cal}
          --switch-at "2025-06-01 00:00")
  # configure_step: RC STREAM REGEX... -- ARGS...
  function(submeter_configure_case name)
    add_test(NAME cli.${name}
             COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/configure_case.py
                     $<TARGET_FILE:submeter> ${_sim} ${ARGN})
    set_tests_properties(cli.${name} PROPERTIES LABELS "cli;meters" RUN_SERIAL TRUE)
  endfunction()
  submeter_configure_case(configure_send_and_verify
    ::: 4 stderr "^submeter: differs: the meter holds no year time-zone table of the second set \\(04020000\\)"
        -- configure verify tcp://127.0.0.1:{port} ${_js}
    ::: 0 stdout "holds 14 year time zones, 8 daily tables, 14 periods a table, 4 tariffs"
        "ok 04020000 second set: year time zones 01-01 t1, 03-01 t2" "wrote and read back 7 items"
        -- configure send tcp://127.0.0.1:{port} ${_js}
    ::: 0 stdout "second set: 5 year time zones, 2 daily tables, 0 public holidays"
        "switch-over of the year time zones: 2025-06-01 00:00"
        "ok: the second set gives jiangsu's register on every minute from 2025-06-01 to 2026-05-31"
        -- configure verify tcp://127.0.0.1:{port} ${_js}
    ::: 4 stderr "first on 2025-06-01 at 08:00: expected peak \\(T2\\), found flat \\(T3\\)"
        -- configure verify tcp://127.0.0.1:{port} --address 000000001234
           --tou ${_tou}/shanghai-2p.json --from 2025-06-01)
  # the meter's counts bound the plan; bad input is refused before anything is written
  submeter_configure_case(configure_send_counts_and_bad_input --counts 4,8,14,4,0
    ::: 1 stderr "year time zones" "limit=04000201" "needed=5" "meter_holds=4"
        -- configure send tcp://127.0.0.1:{port} ${_js}
    ::: 1 stderr "not_found: cannot read file"
        -- configure send tcp://127.0.0.1:{port} --address 000000001234
           --tou ${_tou}/no-such.json --from 2025-06-01
    ::: 4 stderr "holds no year time-zone table of the second set"
        -- configure verify tcp://127.0.0.1:{port} ${_js})
  submeter_configure_case(configure_send_wrong_password --password 04:123456
    ::: 4 stderr "^submeter: refused: the meter refused the write of 04020000: unauthorised"
        "written=0 of 7" -- configure send tcp://127.0.0.1:{port} ${_js} --password-level 04
        --password 111111
    ::: 0 stdout "wrote and read back 7 items"
        -- configure send tcp://127.0.0.1:{port} ${_js} --password-level 04 --password 123456)
  submeter_configure_case(configure_send_lost_item --lose 04020001
    ::: 4 stderr "^submeter: differs: the meter took the write of 04020001 but holds"
        "written=1 of 7" -- configure send tcp://127.0.0.1:{port} ${_js})
  submeter_configure_case(configure_send_no_answer --silent 04020002
    ::: 2 stderr "^submeter: timeout: " "di=04020002" "written=2 of 7" "attempts=2"
        -- configure send tcp://127.0.0.1:{port} ${_js} --timeout-ms 200)
  submeter_configure_case(configure_send_prices
    ::: 0 stdout "ok 04050202 second set: rate price T2 0.8976 yuan/kWh"
        "ok 04000108 switch-over of the rate prices at 2025-06-01 00:00"
        -- configure send tcp://127.0.0.1:{port} --address 000000001234
           --prices ${_cfg}/prices-jiangsu.json)
  submeter_cli_case(configure_send_refused_connection fail ARGS configure send tcp://127.0.0.1:1
    ${_js} MATCH "^submeter: connect_failed")
  submeter_cli_case(configure_send_port_needed fail ARGS configure send tcp://127.0.0.1
    ${_js} MATCH "not a TCP endpoint")
endif()
