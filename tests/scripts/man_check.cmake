# man_check.cmake — a man page says what --help says (issue 14; cmake -P).
#   -DPAGE=ndisdma-run -DHELP_CMD="/path/ndisdma^run^--help" -DMAN=/path/ndisdma-run.1
# The text between ".\" help:begin" and ".\" help:end" is turned back into
# plain text (sections to "heading:", bold and roff escapes undone) and must
# equal the help the binary prints now, line for line.  With groff
# installed the page must also format without a warning.
string(REPLACE "^" ";" HELP_CMD "${HELP_CMD}")
execute_process(COMMAND ${HELP_CMD} OUTPUT_VARIABLE help ERROR_VARIABLE help_err
                RESULT_VARIABLE rc)
string(APPEND help "${help_err}")
if(NOT EXISTS "${MAN}")
  message(FATAL_ERROR "${PAGE}: ${MAN} was not generated")
endif()
file(READ "${MAN}" page)
string(FIND "${page}" ".\\\" help:begin\n" b)
string(FIND "${page}" "\n.\\\" help:end" e)
if(b LESS 0 OR e LESS 0)
  message(FATAL_ERROR "${PAGE}: no help:begin/help:end markers in ${MAN}")
endif()
math(EXPR b "${b} + 15")
math(EXPR n "${e} - ${b}")
string(SUBSTRING "${page}" ${b} ${n} body)
string(REGEX REPLACE "\\.SH \"([^\n]*)\"\n\\.nf" "\\1:" body "${body}")
string(REPLACE "\\(dq" "\"" body "${body}")
string(REPLACE "\\fB" "" body "${body}")
string(REPLACE "\\fR" "" body "${body}")
string(REPLACE "\\&" "" body "${body}")
string(REPLACE "\\-" "-" body "${body}")
string(REPLACE "\\e" "\\" body "${body}")
if(NOT body STREQUAL help)
  file(WRITE "${MAN}.text" "${body}")
  message(FATAL_ERROR "${PAGE}: ${MAN} disagrees with `${HELP_CMD}` (the page as "
          "text: ${MAN}.text); rebuild to regenerate it")
endif()
find_program(GROFF groff)
if(GROFF)
  execute_process(COMMAND ${GROFF} -man -Tutf8 -ww -z "${MAN}" ERROR_VARIABLE warn
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR warn)
    message(FATAL_ERROR "${PAGE}: groff: ${warn}")
  endif()
endif()
message(STATUS "${PAGE}: the man page matches --help")
