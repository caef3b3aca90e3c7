}
module {
