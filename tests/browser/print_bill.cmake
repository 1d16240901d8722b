# Renders the sample site's July bills as HTML, prints two of them with headless Chromium and
# checks the PDF (one page, tenant name and total in the text) and the PNG (not blank).
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/profile)
execute_process(COMMAND ${EXE} bill ${SITE} --period 2026-07 --format html --out ${WORK}/html
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc OR NOT out MATCHES "wrote 43 HTML bills")
  message(FATAL_ERROR "submeter bill --format html failed (${rc}): ${out} ${err}")
endif()
# Tenant, a name fragment the PDF text must hold, and the total as printed.
# A fourth field is more text the page must show: the power-factor line of a two-part tenant with
# a mid-month price change (the longest bill), the account level of a prepaid tenant in overdraft.
foreach(_case "T-01|Hongda Precision Machining|904,537.85|power_factor"
              "T-23|Yidiandian Milk Tea|2,416.24|Level overdraft")
  string(REPLACE "|" ";" _case "${_case}")
  list(GET _case 0 _tenant)
  list(GET _case 1 _name)
  list(GET _case 2 _total)
  list(GET _case 3 _more)
  set(_html ${WORK}/html/${_tenant}-2026-07.html)
  set(_chrome ${CHROMIUM} --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage
              --user-data-dir=${WORK}/profile --no-pdf-header-footer)
  execute_process(COMMAND ${_chrome} --print-to-pdf=${WORK}/${_tenant}.pdf file://${_html}
                  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET TIMEOUT 120)
  if(rc OR NOT EXISTS ${WORK}/${_tenant}.pdf)
    message(FATAL_ERROR "chromium could not print ${_html} (${rc})")
  endif()
  execute_process(COMMAND ${_chrome} --screenshot=${WORK}/${_tenant}.png --window-size=794,1123
                          file://${_html}
                  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET TIMEOUT 120)
  if(rc OR NOT EXISTS ${WORK}/${_tenant}.png)
    message(FATAL_ERROR "chromium could not take a screenshot of ${_html} (${rc})")
  endif()
  execute_process(COMMAND ${PDFINFO} ${WORK}/${_tenant}.pdf OUTPUT_VARIABLE info)
  if(NOT info MATCHES "Pages: +1\n")
    message(FATAL_ERROR "${_tenant}: the PDF is not one page:\n${info}")
  endif()
  if(NOT info MATCHES "Page size: +(595|594|596)[.0-9]* x (842|841|843)")
    message(FATAL_ERROR "${_tenant}: the PDF is not A4:\n${info}")
  endif()
  execute_process(COMMAND ${PDFTOTEXT} -layout ${WORK}/${_tenant}.pdf - OUTPUT_VARIABLE text)
  foreach(_want "${_name}" "Total ${_total} CNY" "${_tenant}" "${_more}")
    string(FIND "${text}" "${_want}" _at)
    if(_at LESS 0)
      message(FATAL_ERROR "${_tenant}: '${_want}' is not in the printed bill:\n${text}")
    endif()
  endforeach()
  # A blank A4 screenshot compresses to a few kB; a printed bill is far larger.
  file(SIZE ${WORK}/${_tenant}.png _png)
  if(_png LESS 20000)
    message(FATAL_ERROR "${_tenant}: the screenshot looks blank (${_png} bytes)")
  endif()
  message(STATUS "${_tenant}: one A4 page, '${_name}' and ${_total} printed; PNG ${_png} bytes")
endforeach()

# The same bill in Chinese (--lang zh, issue 22 #11): printed by Chromium with a CJK font, no
# tofu: the PDF's text holds the Chinese words (a missing glyph prints as a box that extracts as
# nothing or U+FFFD) and a CJK font (WenQuanYi Zen Hei, .ci/setup) is embedded in it.
execute_process(COMMAND ${EXE} bill ${SITE} --period 2026-07 --format html --lang zh
                        --out ${WORK}/html-zh
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc OR NOT out MATCHES "wrote 43 HTML bills")
  message(FATAL_ERROR "submeter bill --format html --lang zh failed (${rc}): ${out} ${err}")
endif()
foreach(_case "T-01|宏达精密机械|904,537.85|力调电费" "T-23|一点点奶茶|2,416.24|状态 透支")
  string(REPLACE "|" ";" _case "${_case}")
  list(GET _case 0 _tenant)
  list(GET _case 1 _name)
  list(GET _case 2 _total)
  list(GET _case 3 _more)
  set(_html ${WORK}/html-zh/${_tenant}-2026-07.html)
  set(_pdf ${WORK}/${_tenant}.zh.pdf)
  set(_chrome ${CHROMIUM} --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage
              --user-data-dir=${WORK}/profile --no-pdf-header-footer)
  execute_process(COMMAND ${_chrome} --print-to-pdf=${_pdf} file://${_html}
                  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET TIMEOUT 120)
  if(rc OR NOT EXISTS ${_pdf})
    message(FATAL_ERROR "chromium could not print ${_html} (${rc})")
  endif()
  execute_process(COMMAND ${PDFINFO} ${_pdf} OUTPUT_VARIABLE info)
  if(NOT info MATCHES "Pages: +1\n")
    message(FATAL_ERROR "${_tenant} (zh): the PDF is not one page:\n${info}")
  endif()
  execute_process(COMMAND ${PDFTOTEXT} -layout ${_pdf} - OUTPUT_VARIABLE text)
  foreach(_want "${_name}" "合计 ${_total} 元" "${_tenant}" "${_more}" "电费账单" "表计与读数"
                "2026年7月1日 00:00" "上次读数" "本次读数" "用电量" "电度电费" "计算说明")
    string(FIND "${text}" "${_want}" _at)
    if(_at LESS 0)
      message(FATAL_ERROR "${_tenant} (zh): '${_want}' is not in the printed bill:\n${text}")
    endif()
  endforeach()
  string(FIND "${text}" "�" _at)  # U+FFFD: a glyph printed without its character
  if(NOT _at LESS 0)
    message(FATAL_ERROR "${_tenant} (zh): the printed bill holds U+FFFD:\n${text}")
  endif()
  execute_process(COMMAND ${PDFFONTS} ${_pdf} OUTPUT_VARIABLE fonts)
  if(NOT fonts MATCHES "WenQuanYi[^\n]* yes ")
    message(FATAL_ERROR "${_tenant} (zh): no CJK font embedded in the PDF:\n${fonts}")
  endif()
  message(STATUS "${_tenant} (zh): one page, '${_name}', 合计 ${_total} 元 printed in WenQuanYi")
endforeach()
