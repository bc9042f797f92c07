from django.urls import path

from . import views

# Under /rapportages/, in the "reports" namespace (duoplus.urls).
urlpatterns = [
    path("<int:pk>/indienen/", views.submit, name="submit"),
    path("<int:pk>/goedkeuren/", views.approve, name="approve"),
    path("<int:pk>/terugsturen/", views.send_back, name="send_back"),
    path("<int:pk>/publiceren/", views.publish, name="publish"),
    path("<int:pk>/corrigeren/", views.correct, name="correct"),
    path("<int:pk>/pdf/<slug:council>/opnieuw/", views.rerender_pdf, name="pdf_rerender"),
]
