"""The managing authority's documents, one module each: the campaign plan with its timetable,
the evaluation teams' decision, the external evaluation minutes and the summary report to the
level above; `campaign` is what they all read of a campaign. (The recognition decision and the
certificates are in documents/recognition.py.)"""
