"""Evidence (minh chứng) of a self-assessment: files and links with their catalogue codes.

checks — what is accepted · codes — codes and catalogue order · changes — add, change, remove ·
catalogue — reading and the workbook out · catalogue_import — the workbook in · forms — the form
the page and the import share.
"""
