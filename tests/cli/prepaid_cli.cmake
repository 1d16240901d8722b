# `submeter prepaid run|status|outbox|ack` and `submeter bill --prepaid-db` end to end on a fresh
# SQLite file (issue 17), on tests/data/sites/prepaid; or, with DB set to a postgresql:// URI, on
# a fresh PostgreSQL server (issue 20; cli.prepaid_postgres runs this under
# tests/support/pg_server.py run): the same steps, the same output.
#   EXE     the submeter program;  SITE  tests/data/sites/prepaid;  WORK  a scratch directory
#   GOLDEN  the expected output of the first run (tests/cli/golden/prepaid-run-2026-07.txt)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
if(DEFINED DB)
  set(db ${DB})
else()
  set(db ${WORK}/prepaid.db)
endif()

# step(<ok|fail> MATCH <regex...> ARGS <args...>): runs, checks the exit and the output; the
# output is left in `text` in the caller's scope.
function(step expect)
  cmake_parse_arguments(S "" "" "MATCH;ARGS" ${ARGN})
  execute_process(COMMAND ${EXE} ${S_ARGS} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(expect STREQUAL "ok")
    if(NOT rc EQUAL 0 OR NOT err STREQUAL "")
      message(FATAL_ERROR "${S_ARGS}: expected success, got ${rc}: ${err}")
    endif()
    set(t "${out}")
  else()
    if(NOT rc EQUAL 1 OR NOT out STREQUAL "")
      message(FATAL_ERROR "${S_ARGS}: expected exit 1 with empty stdout, got ${rc}: ${out}")
    endif()
    set(t "${err}")
  endif()
  foreach(p ${S_MATCH})
    if(NOT t MATCHES "${p}")
      message(FATAL_ERROR "${S_ARGS}: output does not match '${p}':\n${t}")
    endif()
  endforeach()
  set(text "${t}" PARENT_SCOPE)
endfunction()

# The first run: every reading's status, the recharge, the outbox rows (golden, exact).
step(ok ARGS prepaid run ${SITE} --db ${db} --readings ${SITE}/live-2026-07.csv --batch 4)
file(READ ${GOLDEN} expected)
if(NOT text STREQUAL expected)
  file(WRITE ${WORK}/prepaid-run.txt "${text}")
  message(FATAL_ERROR "prepaid run differs from ${GOLDEN}: see ${WORK}/prepaid-run.txt\n${text}")
endif()
# Idempotent: the same file again posts nothing and writes no outbox row.
step(ok MATCH "items 18: duplicate 18; outbox rows 0"
     ARGS prepaid run ${SITE} --db ${db} --readings ${SITE}/live-2026-07.csv)
# A late reading is kept out of the deductions; the others (and the recharge) are duplicates.
step(ok MATCH "2026-07-25T00:00:00 reading M-1 T-1: late" "items 3: duplicate 2, late 1; outbox rows 0"
     ARGS prepaid run ${SITE} --db ${db} --readings ${SITE}/late-2026-07.csv)
step(ok MATCH "T-1: balance 90.00, level normal, relay closed, available 90.00"
     "  M-1: last deducted reading 2026-08-01T00:00:00 1300.00, deducted 2026-07 210.00"
     "T-3: balance -20.00"
     ARGS prepaid status --db ${db})
step(ok MATCH "\"id\": \"T-2\"" "\"balance\": \"439.76\"" "\"2026-07\": \"60.24\""
     ARGS prepaid status --db ${db} --account T-2 --format json)
step(fail MATCH "submeter: error: not_found" "account=T-9" ARGS prepaid status --db ${db} --account T-9)
# The outbox: pending rows in delivery order, acknowledged by id and by number.
step(ok MATCH "^1 T-1/" ARGS prepaid outbox --db ${db})
string(REGEX MATCH "([0-9]+) pending" _ "${text}")
set(pending ${CMAKE_MATCH_1})
string(REGEX MATCH "^1 ([^ ]+) " _ "${text}")
set(first_id ${CMAKE_MATCH_1})
step(ok MATCH "acknowledged 1 ${first_id}" ARGS prepaid ack --db ${db} --id ${first_id})
step(ok MATCH "acknowledged 2 " ARGS prepaid ack --db ${db} --id 2)
math(EXPR left "${pending} - 2")
step(ok MATCH "^3 " "${left} pending" ARGS prepaid outbox --db ${db})
step(ok MATCH "\"number\": 3" ARGS prepaid outbox --db ${db} --format json)
step(fail MATCH "submeter: error: not_found: no such outbox row" ARGS prepaid ack --db ${db} --id T-1/99/0)
# Month end: the bills as without live deduction, then the true-ups (bill − Σ live deductions).
step(ok MATCH "Total: 210.00 CNY" "== Live prepaid 2026-07"
     "T-1: bill 210.00, live deductions 210.00, true-up 0.00"
     "T-2: bill 69.70, live deductions 60.24, true-up 9.46"
     "T-3: bill 120.00, live deductions 120.00, true-up 0.00"
     "this bill 69.70, balance 430.30; level normal\n  relay: [^\n]*\n  live deductions 2026-07: 60.24; true-up 9.46\n"
     "lock locked\\)\n  live deductions 2026-07: 120.00; true-up 0.00\n"
     ARGS bill ${SITE} --period 2026-07 --prepaid-db ${db})
# In Chinese: the account part's line in the bill's language.
step(ok MATCH "  2026年7月 实时扣费 60.24；月末补差 9.46\n"
     ARGS bill ${SITE} --period 2026-07 --prepaid-db ${db} --lang zh)
string(REGEX MATCHALL "实时扣费" lives "${text}")
list(LENGTH lives n_live)
if(NOT n_live EQUAL 3)
  message(FATAL_ERROR "expected the 3 prepaid tenants' live lines, got ${n_live}")
endif()
# The same in JSON: each prepaid tenant's bill carries "live" (billed, deducted, true_up) after its
# account part; the other bills none.
step(ok MATCH "\"total\": \"69.70\""
     "\"live\": {\n *\"billed\": \"69.70\",\n *\"deducted\": \"60.24\",\n *\"true_up\": \"9.46\"\n *}"
     "\"live\": {\n *\"billed\": \"210.00\",\n *\"deducted\": \"210.00\",\n *\"true_up\": \"0.00\"\n *}"
     ARGS bill ${SITE} --period 2026-07 --prepaid-db ${db} --format json)
string(REGEX MATCHALL "\"live\": {" lives "${text}")
string(REGEX MATCHALL "\"tenant\": {" tenants "${text}")
list(LENGTH lives n_live)
list(LENGTH tenants n_bills)
if(NOT n_live EQUAL 3 OR NOT n_bills GREATER 3)
  message(FATAL_ERROR "expected 3 of ${n_bills} bills with \"live\", got ${n_live}")
endif()
step(fail MATCH "submeter: error: invalid_argument: --prepaid-db prints the true-ups as text or JSON only"
     ARGS bill ${SITE} --period 2026-07 --prepaid-db ${db} --format csv)
# Posting posts only the true-up (T-2's 9.46), once.
step(ok MATCH "posted 1 true-ups for 2026-07 \\(0 already posted\\)" "T-2: deduction 9.46, ok, balance 430.30"
     ARGS bill ${SITE} --period 2026-07 --prepaid-db ${db} --post ${db})
step(ok MATCH "posted 0 true-ups for 2026-07 \\(1 already posted\\)"
     ARGS bill ${SITE} --period 2026-07 --prepaid-db ${db} --post ${db})
step(fail MATCH "submeter: error: invalid_argument" ARGS bill ${SITE} --period 2026-07
     --prepaid-db ${db} --post ${WORK}/other.db)
