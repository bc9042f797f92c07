from django.urls import path

from . import views

app_name = "budget"

urlpatterns = [
    path("<int:pk>/begroting/importeren/", views.import_upload, name="import"),
    path(
        "<int:pk>/begroting/importeren/<int:import_pk>/",
        views.import_confirm,
        name="import_confirm",
    ),
]
