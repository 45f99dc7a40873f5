"""The education levels (cấp học) of Vietnamese schools: code → the name the sector uses.

Pure data, below every app: the organisation tree, the indices and the registry file all speak it."""

EDUCATION_LEVELS = {
    "preschool": "Mầm non",
    "primary": "Tiểu học",
    "lower_secondary": "THCS",
    "upper_secondary": "THPT",
    "continuing_education": "GDTX",
}
