/* Functions the grids call by name ({"function": "name(params)"} in a layout); dash-ag-grid looks them up here. */
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

/* The grid's CSV button (processCellCallback): the cell as the grid shows it, with a leading apostrophe when it is
   text a spreadsheet would read as a formula (= + - @ tab CR). Mirrors dashboard/export/safe_cells.py. */
dagfuncs.neutraliseCsvCell = function (params) {
    var shown = params.formatValue ? params.formatValue(params.value) : params.value;
    if (typeof shown === "string" && /^[=+\-@\t\r]/.test(shown)) {
        return "'" + shown;
    }
    return shown;
};
