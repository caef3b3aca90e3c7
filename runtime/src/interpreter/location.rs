//! Locations as error messages print them.

use melior::ir::Location;

/// `file:line:col` when `location` (or the first file location inside a
/// call-site, name or fused location) has one; otherwise MLIR's printed form
/// without the `loc(…)` wrapper, e.g. `unknown`.
pub(super) fn describe(location: Location) -> String {
    if let Some((file, line, column)) = file_line_col(location) {
        return format!("{file}:{line}:{column}");
    }
    let printed = location.to_string();
    printed
        .strip_prefix("loc(")
        .and_then(|inner| inner.strip_suffix(')'))
        .map_or_else(|| printed.clone(), str::to_string)
}

fn file_line_col(location: Location) -> Option<(String, usize, usize)> {
    if location.is_file_line_col_range() {
        let file = location.file_line_col_range_filename();
        let file = file
            .as_string_ref()
            .as_str()
            .unwrap_or("<file>")
            .to_string();
        return Some((
            file,
            location.file_line_col_range_start_line(),
            location.file_line_col_range_start_column(),
        ));
    }
    if location.is_call_site() {
        return file_line_col(location.call_site_callee());
    }
    if location.is_name() {
        return file_line_col(location.name_child_location());
    }
    if location.is_fused() {
        return (0..location.fused_num_locations())
            .find_map(|i| file_line_col(location.fused_location(i)));
    }
    None
}
