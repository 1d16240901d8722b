# `submeter ledger …` and `submeter bill --post` end to end on a fresh SQLite file, or, with DB
# set to a postgresql:// URI, on a fresh PostgreSQL server (issue 20; cli.ledger_postgres runs this
# under tests/support/pg_server.py run, which also sets PGHOST etc.).
#   EXE   the submeter program;  SITE  a good site directory;  WORK  a scratch directory
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
if(DEFINED DB)
  set(db ${DB})
else()
  set(db ${WORK}/ledger.db)
endif()

# step(<ok|fail> <regex...> ARGS <args...>)
function(step expect)
  cmake_parse_arguments(S "" "" "MATCH;ARGS" ${ARGN})
  execute_process(COMMAND ${EXE} ${S_ARGS} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(expect STREQUAL "ok")
    if(NOT rc EQUAL 0 OR NOT err STREQUAL "")
      message(FATAL_ERROR "${S_ARGS}: expected success, got ${rc}: ${err}")
    endif()
    set(text "${out}")
  else()
    if(rc EQUAL 0 OR NOT out STREQUAL "")
      message(FATAL_ERROR "${S_ARGS}: expected a failure with empty stdout, got ${rc}: ${out}")
    endif()
    set(text "${err}")
  endif()
  foreach(p ${S_MATCH})
    if(NOT text MATCHES "${p}")
      message(FATAL_ERROR "${S_ARGS}: output does not match '${p}':\n${text}")
    endif()
  endforeach()
endfunction()

set(A --db ${db} --account T-1)
step(ok MATCH "opened T-1" ARGS ledger open ${A} --meter M-1 --alarm1 50 --alarm2 20 --balance-alarm 100)
step(ok MATCH "opened T-2" ARGS ledger open --db ${db} --account T-2 --meter M-2 --postpaid)
step(ok MATCH "ok: entry 1, balance 0.00 -> 1000.00" ARGS ledger recharge ${A} --meter M-1
     --counter 1 --amount 1000.00 --channel wechat_pay --reference wx-1 --time 2026-07-01T09:00)
step(ok MATCH "duplicate: entry 1" ARGS ledger recharge ${A} --meter M-1 --counter 1
     --amount 1000.00 --channel wechat_pay --reference wx-1 --time 2026-07-01T09:00)
step(fail MATCH "purchase counter 3 skips" "status=rejected_counter_gap" ARGS ledger recharge ${A}
     --meter M-1 --counter 3 --amount 10 --reference x --time 2026-07-01T09:10)
step(fail MATCH "the amount must be positive" ARGS ledger recharge ${A} --meter M-1 --counter 2
     --amount -5 --reference x --time 2026-07-01T09:10)
step(fail MATCH "not_found: unknown account" ARGS ledger refund --db ${db} --account NOPE
     --amount 1 --key k --time 2026-07-01T09:10)
step(ok MATCH "posted 2 bills for 2026-07" "T-1: 901.23, ok, balance 98.77" "notice balance_alarm"
     ARGS bill ${SITE} --period 2026-07 --post ${db})
step(ok MATCH "posted 0 bills for 2026-07 \\(2 already posted\\)"
     ARGS bill ${SITE} --period 2026-07 --post ${db})
step(fail MATCH "refund of 98.78 is above the available balance 98.77" ARGS ledger refund ${A}
     --amount 98.78 --key r-1 --time 2026-08-02T00:00)
step(ok MATCH "ok: entry 3" ARGS ledger reverse ${A} --entry 2 --key rev-2 --time 2026-08-02T00:00)
step(fail MATCH "already reversed" ARGS ledger reverse ${A} --entry 2 --key rev-2b
     --time 2026-08-02T00:00)
step(ok MATCH "Opening balance +0.00" "Recharges +1,000.00" "Fees and bills +-901.23"
     "Reversals +901.23" "Closing balance +1,000.00" ARGS ledger statement ${A}
     --from 2026-07-01T00:00 --to 2026-09-01T00:00)
# The bill was posted under ledger::bill_key's spelling, the key the site run's accounts use too
# (tests/site/accounts_test.cpp).
step(ok MATCH "\"closing_balance\": \"1000.00\"" "\"key\": \"bill/2026-07/T-1\"" ARGS ledger
     statement ${A} --from 2026-07-01T00:00 --to 2026-09-01T00:00 --format json)
step(ok MATCH "closed T-1" "other charges 35.00" "refund 965.00" "relay open" ARGS ledger close ${A}
     --time 2026-08-03T12:00 --charge "common area=35.00")
step(fail MATCH "is closed" ARGS ledger recharge ${A} --meter M-1 --counter 2 --amount 5
     --reference y --time 2026-08-04T00:00)
# A closed account's relay is open: the decision is a trip, as a DL/T 645 1C frame (N1 = 1A, sent
# +33 as 4D) and a CJ/T 188 A017 valve-close frame (99).
step(ok MATCH "relay command: trip" "reason: relay open, lock remote"
     "dlt645 frame: FE FE FE FE 68 01 00 15 01 23 20 68 1C 10 35 33 33 33 33 33 33 33 4D 33"
     "cjt188 frame: FE FE FE FE 68 10 78 56 34 12 00 00 00 04 04 A0 17 00 99"
     ARGS ledger decide ${A} --time 2026-08-04T00:00 --dlt645-address 202301150001
     --cjt188-address 00000012345678)
step(fail MATCH "not a DL/T 645 address" ARGS ledger decide ${A} --time 2026-08-04T00:00
     --dlt645-address XYZ)

if(db MATCHES "^postgres")
  # "postgresql://" alone: everything from the PG* environment (the same server and database).
  step(ok MATCH "Closing balance +0.00" ARGS ledger statement --db postgresql:// --account T-1
       --from 2026-07-01T00:00 --to 2026-09-01T00:00)
  # A malformed URI and an unreachable server: exit 1, a located error, nothing on stdout.
  step(fail MATCH "^submeter: error: parse: not a PostgreSQL connection string" "notaport"
       ARGS ledger statement --db postgresql://u@127.0.0.1:notaport/db --account T-1
       --from 2026-07-01T00:00 --to 2026-09-01T00:00)
  step(fail MATCH "^submeter: error: not_found: cannot connect to the PostgreSQL server"
       "server=127.0.0.1:1/ledger"
       ARGS ledger open --db postgresql://u:secret@127.0.0.1:1/ledger --account T-9 --meter M-9)
endif()
