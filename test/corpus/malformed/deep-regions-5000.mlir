func.func @f() {
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"func.func"() ({
"kforge.nope"() : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
}) : () -> ()
  return
}
