"""Pages of the evidence slice, joined to the assessments namespace by assessments/urls.py."""

urlpatterns: list = []
