# `submeter bill` renders into a temporary file in $TMPDIR and copies it to stdout only on success
# (src/cli/spool.hpp): the file is gone afterwards, and when it cannot be written (here a file-size
# limit of 64 KiB against 300 KB of JSON) nothing reaches stdout and the exit status is 3.
set(tmp ${WORK}/spool-tmp)
file(REMOVE_RECURSE ${tmp})
file(MAKE_DIRECTORY ${tmp})
function(expect_empty_tmp when)
  file(GLOB left ${tmp}/*)
  if(left)
    message(FATAL_ERROR "temporary files left ${when}: ${left}")
  endif()
endfunction()

set(ENV{TMPDIR} ${tmp})
execute_process(COMMAND ${EXE} bill ${SITE} --period 2026-07 --format json
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
file(READ ${EXPECTED} expected)
if(NOT rc EQUAL 0 OR NOT out STREQUAL expected)
  message(FATAL_ERROR "exit ${rc}; stdout differs from ${EXPECTED}; stderr: ${err}")
endif()
expect_empty_tmp("after a successful run")

# sh's `ulimit -f` counts 512-byte blocks (dash) or KiB (bash): 128 is 64 or 128 KiB either way.
execute_process(COMMAND sh -c "trap '' XFSZ; ulimit -f 128; exec \"$0\" \"$@\"" ${EXE} bill
                        ${SITE} --period 2026-07 --format json
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 3)
  message(FATAL_ERROR "expected exit 3 when the temporary file cannot be written, got ${rc}: ${err}")
endif()
if(NOT out STREQUAL "")
  message(FATAL_ERROR "expected nothing on stdout, got ${out}")
endif()
if(NOT err MATCHES "cannot write the output to a temporary file in .*spool-tmp: File too large")
  message(FATAL_ERROR "stderr does not say why: ${err}")
endif()
expect_empty_tmp("after a failed run")

# issue 16 #17: with stdout closed (`>&-`) the spool's file took descriptor 1 and the bills were
# "copied" into it, exit 0. Now the command is refused before it runs (exit 1); with stdin or
# stderr closed the spool never takes their number and the bills reach stdout whole.
execute_process(COMMAND sh -c "exec \"$0\" \"$@\" >&-" ${EXE} bill ${SITE} --period 2026-07
                        --format json
                OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 1 OR NOT err MATCHES
   "^submeter: error: invalid_argument: standard output is closed: nothing was run")
  message(FATAL_ERROR "expected exit 1 with stdout closed, got ${rc}: ${err}")
endif()
expect_empty_tmp("after a run with stdout closed")
foreach(closed "<&-" "2>&-")
  execute_process(COMMAND sh -c "exec \"$0\" \"$@\" ${closed}" ${EXE} bill ${SITE}
                          --period 2026-07 --format json
                  OUTPUT_VARIABLE out RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT out STREQUAL expected)
    message(FATAL_ERROR "with ${closed}: exit ${rc}; stdout differs from ${EXPECTED}")
  endif()
endforeach()
expect_empty_tmp("after runs with stdin or stderr closed")
