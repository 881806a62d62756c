# The median of each figure over several runs' RESULT lines, in the order
# the first run printed them: RESULT NAME VALUE UNIT.  Used by the
# bench-*.sh scripts that boot REPS times.
{ v[$2] = v[$2] " " $3; unit[$2] = $4; if (!($2 in seen)) { seen[$2] = 1; order[n++] = $2 } }
END {
	for (k = 0; k < n; k++) {
		name = order[k]; m = split(substr(v[name], 2), a, " ")
		for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
		printf "RESULT %s %s %s\n", name, a[int((m + 1) / 2)], unit[name]
	}
}
